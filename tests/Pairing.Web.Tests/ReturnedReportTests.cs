using System.Text.RegularExpressions;

namespace Pairing.Web.Tests;

/// <summary>A report that comes back: the school sees why at the top, finds what it submitted already in the form,
/// removes a file it no longer wants and resubmits; an empty file is refused by name rather than dropped.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ReturnedReportTests(WebWorld web)
{
    private const string Cycle = "/agreements/441800-TG-2024-003/cycles/2024-2025-2";

    [Fact]
    public async Task A_returned_report_opens_with_the_reason_and_what_was_typed_and_its_files_can_be_removed()
    {
        using var school = await web.SignedInAsync("qy.c03");
        var form = await school.GetStringAsync(Cycle);
        Assert.Contains("name=\"input.summary\"", form);

        // An empty file is the user's mistake to hear about, not to be silently left out.
        var empty = await WebWorld.PostFormAsync(school, Cycle, Submit(form, "本学期送教下乡 2 次"), [("evidence", "签到表.pdf", Array.Empty<byte>())]);
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.Contains("签到表.pdf 是空文件", emptyHtml);
        Assert.Contains("本学期送教下乡 2 次", emptyHtml);

        var submitted = await WebWorld.FollowAsync(school, await WebWorld.PostFormAsync(school, Cycle, Submit(form, "本学期送教下乡 2 次"),
            [("evidence", "签到表.pdf", "%PDF-1.4\n% sign-in sheet\n"u8.ToArray())]));
        Assert.Matches("「(提交|补交)报告」已完成，现为「待审核」", submitted);
        // Once submitted, files stay as the reviewer sees them.
        Assert.DoesNotContain("handler=RemoveEvidence", submitted);

        using var county = await web.SignedInAsync("qy.yangshan");
        var review = await county.GetStringAsync(Cycle);
        Assert.Contains("退回修改的原因（必填）", review);
        var returned = await WebWorld.PostFormAsync(county, Cycle, [("action", "return"), ("key", Guid.NewGuid().ToString("N")),
            ("version", Version(review)), ("comment", "请补充送教下乡的学科和受益教师人数")]);
        Assert.Contains("「退回修改」已完成，现为「退回修改」", await WebWorld.FollowAsync(county, returned));

        var again = await school.GetStringAsync(Cycle);
        var notice = again.IndexOf("class=\"notice returned\"", StringComparison.Ordinal);
        Assert.True(notice > 0 && notice < again.IndexOf("<h2>内容</h2>", StringComparison.Ordinal), "the reason comes before the content");
        Assert.Contains("请补充送教下乡的学科和受益教师人数", again);
        Assert.Matches("<textarea name=\"input.summary\"[^>]*>本学期送教下乡 2 次</textarea>", again);

        var fileId = FileId().Match(again).Groups[1].Value;
        using (var stranger = await web.SignedInAsync("qy.g05"))
        {
            var refused = await WebWorld.PostFormAsync(stranger, "/agreements/441800-TG-2024-005", [("id", fileId)], action: Cycle + "?handler=RemoveEvidence");
            Assert.NotEqual(System.Net.HttpStatusCode.Redirect, refused.StatusCode);
        }
        var removed = await WebWorld.FollowAsync(school, await WebWorld.PostFormAsync(school, Cycle, [("id", fileId)], action: Cycle + "?handler=RemoveEvidence"));
        Assert.Contains("已删除佐证文件「签到表.pdf」", removed);
        Assert.Contains("没有佐证文件", removed);

        var resubmitted = await WebWorld.FollowAsync(school, await WebWorld.PostFormAsync(school, Cycle,
            [("action", "resubmit"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(removed)),
             ("input.summary", "本学期送教下乡 2 次（语文、数学），受益教师 36 人")]));
        Assert.Contains("「重新提交」已完成，现为「待审核」", resubmitted);
        Assert.DoesNotContain("class=\"notice returned\"", resubmitted);
    }

    private static List<(string, string)> Submit(string form, string summary) =>
        [("action", "submit"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(form)), ("input.summary", summary)];

    private static string Version(string html) => VersionField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("name=\"id\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex FileId();
}
