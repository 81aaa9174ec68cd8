using System.Net;
using System.Text;

namespace Pairing.Web.Tests;

/// <summary>流程 draws each published version with its rules; 名录 lists the registry and imports a list only after a
/// preview without errors, and only for the city bureau or an administrator.</summary>
[Collection(WebCollection.Name)]
public sealed class RegistryAndWorkflowPageTests(WebWorld web)
{
    [Fact]
    public async Task A_published_workflow_is_drawn_as_a_state_diagram_with_its_rules()
    {
        using var school = await web.SignedInAsync("qy.g01");
        var list = await school.GetStringAsync("/workflows");
        Assert.Contains("/workflows/county-trusteeship.qingyuan/6", list);
        var page = await school.GetStringAsync("/workflows/county-trusteeship.qingyuan/6");
        Assert.Contains("<svg class=\"diagram\"", page);
        foreach (var state in new[] { "草稿", "县级教育局审核", "各方签署", "履行中" }) Assert.Contains($">{state}</text>", page);
        // Roles, rules and timers in words: no ids, no raw parameters.
        Assert.Contains("提交审核（学校经办人）", page);
        Assert.Contains("帮扶方、受援方在协议期限重叠的同类协议中只能出现一次", page);
        Assert.Contains("须为优质普通高中", page);
        Assert.DoesNotContain("exclusiveRoles", page);
        Assert.DoesNotContain("quality-high-school", page);
        // The plan passages it rests on, quoted with their task numbers, and its target with the task it comes from.
        Assert.Contains("方案依据与达标目标", page);
        Assert.Contains("<td>主要任务第3项</td>", page);
        Assert.Contains("9所优质普通高中托管帮扶9所县中（主要任务第3项、附件重点任务序号2）", page);
        // A structure whose plan sets no number says so.
        Assert.Contains("方案未规定本结构的数量目标", await school.GetStringAsync("/workflows/education-group.qingyuan/2"));
    }

    [Fact]
    public async Task A_list_is_previewed_with_every_bad_row_and_imported_only_when_clean()
    {
        using var city = await web.SignedInAsync("qy.city");
        var bad = await WebWorld.PostFormAsync(city, "/registry", [], [("file", "名录.csv",
            Encoding.UTF8.GetBytes("代码,名称,城市,县区,学段,标签\nQY-N01,清城区新城小学,清远市,清城区,小学,\nQY-N02,某校,清远市,不存在区,初中,\n"))],
            action: "/registry?handler=Preview");
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("错误 1", badHtml);
        Assert.Contains("不存在区", badHtml);
        Assert.DoesNotContain("name=\"token\"", badHtml);
        Assert.DoesNotContain("清城区新城小学", await city.GetStringAsync("/registry?search=QY-N01"));

        var good = await WebWorld.PostFormAsync(city, "/registry", [], [("file", "名录.csv",
            Encoding.UTF8.GetBytes("代码,名称,城市,县区,学段,标签\nQY-N01,清城区新城小学,清远市,清城区,小学,\n"))], action: "/registry?handler=Preview");
        var preview = await good.Content.ReadAsStringAsync();
        Assert.Contains("新增 1", preview);
        var token = System.Text.RegularExpressions.Regex.Match(preview, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value;
        var commit = await WebWorld.PostFormAsync(city, "/registry", [("token", token)], action: "/registry?handler=Commit");
        Assert.Contains("已导入：新增 1", await commit.Content.ReadAsStringAsync());
        Assert.Contains("清城区新城小学", await city.GetStringAsync("/registry?search=QY-N01"));

        // A forged token is not a path; a school may look but not import.
        var forged = await WebWorld.PostFormAsync(city, "/registry", [("token", "../../etc/passwd")], action: "/registry?handler=Commit");
        Assert.Contains("预览已过期", await forged.Content.ReadAsStringAsync());
        using var school = await web.SignedInAsync("qy.g01");
        Assert.DoesNotContain("导入名录", await school.GetStringAsync("/registry"));
        var refused = await WebWorld.PostFormAsync(school, "/registry", [], [("file", "x.csv", "代码\n"u8.ToArray())], action: "/registry?handler=Preview");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
