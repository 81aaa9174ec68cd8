using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Accounts;
using Pairing.Domain.Registry;

namespace Pairing.Web.Tests;

/// <summary>The drafting wizard as a school clerk meets it on the Qingyuan demo data: program cards that say why a
/// school cannot draft, pickers that offer only eligible institutions of the city, one step per screen with answers
/// carried forward, and errors shown on the step that asks the field.</summary>
[Collection(WebCollection.Name)]
public sealed partial class WizardTests(WebWorld web)
{
    private const string New = "/agreements/new";

    [Fact]
    public async Task The_program_cards_tell_a_school_what_it_can_draft_and_why_not_the_rest()
    {
        // 浛洸中学 is supported one-to-one by 清城中学 until 2027, and every quality high school of the city is paired.
        using var school = await web.SignedInAsync("qy.c04");
        var page = await school.GetStringAsync(New);
        Assert.Matches("<li class=\"current\" aria-current=\"step\">\\s*<span class=\"n\">1</span> 项目", page);

        var trusteeship = Card(page, "县中托管帮扶");
        Assert.Contains("暂不能起草", trusteeship);
        Assert.Contains("本校已在协议 441800-TG-2024-004《清远市清城中学托管帮扶英德市浛洸中学协议》中结对", trusteeship);
        Assert.Contains("没有符合条件的帮扶方：本市 9 所优质普通高中都已在其他协议中结对（一对一帮扶）", trusteeship);
        Assert.DoesNotContain("开始起草", trusteeship);
        Assert.Contains("本校不是本项目的派出学校或接收学校", Card(page, "教师交流轮岗"));

        var university = Card(page, "高校帮扶");
        Assert.Contains("依托全口径、全方位、融入式结对帮扶机制，推动县中与高校结成帮扶关系。", university);
        Assert.Contains("本校作为县中", university);
        Assert.Contains($"href=\"{New}?program=university-partnership\">开始起草</a>", university);

        // Going to the blocked program anyway shows the same reasons and no pickers; a crafted post saves nothing.
        var blocked = await school.GetStringAsync($"{New}?program=county-trusteeship");
        Assert.Contains("本校目前不能起草本项目的协议", blocked);
        Assert.DoesNotContain("name=\"party.supporter\"", blocked);
        var crafted = await PostAsync(school, blocked, [("program", "county-trusteeship"), ("step", "4"), ("go", "save"), ("title", "托管协议"),
            ("termStart", "2025-09-01"), ("termEnd", "2028-07-31"), ("party.supporter", "QY-G01"), ("party.supported", "QY-C04")]);
        Assert.Equal(HttpStatusCode.OK, crafted.StatusCode);
        Assert.Contains("本校目前不能起草本项目的协议", await crafted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_the_city_s_own_programs_and_institutions_are_offered()
    {
        // A Jieyang university with its signatory sits in the same database as Qingyuan's registry.
        await using (var db = web.App.Db())
        {
            var id = Guid.NewGuid();
            db.Institutions.Add(new Institution { Id = id, Code = "JY-U91", Name = "韩山师范学院", CityCode = "jieyang", Stages = [Stage.University], Tags = ["university"] });
            db.Accounts.Add(new Account
            {
                Id = Guid.NewGuid(), UserName = "jy.u91.sign", DisplayName = "韩山师范学院 院长 陈平", PersonName = "陈平", Position = "院长",
                Role = AccountRole.Staff, CityCode = "jieyang", InstitutionId = id, InstitutionCode = "JY-U91", CanSign = true
            });
            await db.SaveChangesAsync();
        }
        try
        {
            using var school = await web.SignedInAsync("qy.c10");
            var cards = await school.GetStringAsync(New);
            Assert.Contains("县中托管帮扶", cards);
            Assert.DoesNotContain("优质特色教育集团", cards);                          // Jieyang's education groups
            Assert.DoesNotContain("推动每所优质高中至少帮扶1所薄弱县中", cards);         // Jieyang's trusteeship task

            var parties = await school.GetStringAsync($"{New}?program=university-partnership");
            Assert.Contains("<option value=\"QY-U01\">华南师范大学</option>", parties);
            Assert.DoesNotContain("韩山师范学院", parties);
            Assert.DoesNotContain("陈平", parties);

            // Naming it anyway is refused on the parties step.
            var forced = await PostAsync(school, parties, [("go", "next"), ("party.university", "JY-U91")]);
            var html = await forced.Content.ReadAsStringAsync();
            Assert.Contains("第 2 步：参与方", html);
            Assert.Contains("所选单位不在本市名录中，不能担任高校", html);
        }
        finally
        {
            await using var db = web.App.Db();
            await db.Accounts.Where(a => a.UserName == "jy.u91.sign").ExecuteDeleteAsync();
            await db.Institutions.Where(i => i.Code == "JY-U91").ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_draft_is_made_step_by_step_and_saved_from_the_review()
    {
        using var school = await web.SignedInAsync("qy.c04");
        var parties = await school.GetStringAsync($"{New}?program=university-partnership");
        Assert.Contains("<li class=\"current\" aria-current=\"step\">", parties);
        Assert.Contains("第 2 步：参与方", parties);
        // The drafter's school is fixed in its role; the pickers offer names and counties, never a greyed option.
        Assert.Contains("本校：<strong>英德市浛洸中学</strong>（英德市）", parties);
        Assert.Contains("<input type=\"hidden\" name=\"party.school\" value=\"QY-C04\" />", parties);
        Assert.DoesNotContain("disabled", parties);
        Assert.Contains("<option value=\"QY-U04\">清远职业技术学院（清城区）</option>", parties);
        Assert.Contains("<option value=\"qy.u01.sign\">刘国（院长）</option>", parties);
        // Only the school's own county government may join; the others are explained on demand.
        Assert.Contains("<option value=\"QY-GOV-yingde\">英德市人民政府（英德市）</option>", parties);
        Assert.DoesNotContain("<option value=\"QY-GOV-lianzhou\"", parties);
        Assert.Matches("<details class=\"why\">\\s*<summary>为什么没有某校？", parties);
        Assert.Matches("与本校不在同一县（市、区）（\\d+ 个）</strong>：[^<]*连州市人民政府", parties);

        var plan = await NextAsync(school, parties, ("party.university", "QY-U01"), ("signatory.university", "qy.u01.sign"));
        Assert.Contains("第 3 步：帮扶计划", plan);
        Assert.Contains("value=\"英德市浛洸中学、华南师范大学高校帮扶协议\"", plan);     // a title suggested from the parties
        Assert.Contains("name=\"party.university\" value=\"QY-U01\"", plan);           // carried forward

        var term = await NextAsync(school, plan, ("title", "华南师范大学帮扶英德市浛洸中学协议"), ("goals", "建设特色课程"),
            ("measures", "课程建设：共建 2 门校本课程\n教师发展：每学期专题培训 2 次"), ("focus", "课程建设"), ("focus", "选课走班"));
        Assert.Contains("第 4 步：期限与经费", term);
        Assert.Contains("type=\"date\"", term);

        var review = await NextAsync(school, term, ("termStart", "2025-09-01"), ("termEnd", "2027-07-31"), ("fundingSource", "高校帮扶专项"),
            ("fundingAmount", "120,000"), ("contactName", "张老师"), ("contactPhone", "0763-1234567"));
        Assert.Contains("第 5 步：核对提交", review);
        foreach (var shown in new[] { "英德市浛洸中学（英德市）", "华南师范大学", "刘国（院长）", "郑华（校长）", "华南师范大学帮扶英德市浛洸中学协议",
                     "课程建设、选课走班", "2025年9月1日至2027年7月31日", "120,000 元", "张老师" })
            Assert.Contains(shown, review);
        Assert.Contains(">保存草稿</button>", review);

        var saved = await PostAsync(school, review, [("go", "save")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var number = Regex.Match(saved.Headers.Location!.ToString(), "^/agreements/(441800-GX-2025-\\d{3})$").Groups[1].Value;
        Assert.NotEmpty(number);
        await using var db = web.App.Db();
        var agreement = await db.Agreements.Include(a => a.Parties).SingleAsync(a => a.Number == number);
        Assert.Equal("华南师范大学帮扶英德市浛洸中学协议", agreement.Title);
        Assert.Equal(new[] { "课程建设：共建 2 门校本课程", "教师发展：每学期专题培训 2 次" }, agreement.Measures);
        Assert.Equal(new[] { "课程建设", "选课走班" }, agreement.FocusAreas);
        Assert.Equal(120_000m, agreement.FundingAmount);
        Assert.Equal(new DateOnly(2027, 7, 31), agreement.TermEnd);
        Assert.Equal(new[] { "QY-C04:school:qy.c04.sign", "QY-U01:university:qy.u01.sign" },
            agreement.Parties.Select(p => $"{p.InstitutionCode}:{p.Role}:{p.SignatoryAccount}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_error_is_shown_on_the_step_that_asks_the_field_and_keeps_every_answer()
    {
        using var school = await web.SignedInAsync("qy.c10");
        var parties = await school.GetStringAsync($"{New}?program=university-partnership");

        var notAUniversity = await NextAsync(school, parties, ("party.university", "QY-C05"));
        Assert.Contains("第 2 步：参与方", notAUniversity);
        Assert.Contains("连州市第二中学不能担任高校：不是高校", notAUniversity);
        var missing = await NextAsync(school, parties);
        Assert.Contains("请选择高校", missing);

        var plan = await NextAsync(school, parties, ("party.university", "QY-U02"));
        var noTitle = await NextAsync(school, plan, ("title", " "), ("goals", "保留的目标"));
        Assert.Contains("第 3 步：帮扶计划", noTitle);
        Assert.Contains("<p class=\"field-error\" id=\"problem-title\">协议名称必填</p>", noTitle);
        Assert.Contains("保留的目标", noTitle);

        var term = await NextAsync(school, noTitle, ("title", "广东第二师范学院帮扶连州市连州第三中学协议"), ("goals", "保留的目标"));
        var backwards = await NextAsync(school, term, ("termStart", "2025-09-01"), ("termEnd", "2025-08-31"), ("fundingAmount", "十万"));
        Assert.Contains("第 4 步：期限与经费", backwards);
        Assert.Contains("协议期限结束日期 2025-08-31 必须晚于开始日期 2025-09-01", backwards);
        Assert.Contains("金额「十万」无效", backwards);
        Assert.Matches("name=\"termEnd\" type=\"date\" value=\"2025-08-31\" required\\s+aria-invalid=\"true\"", backwards);
        // Everything typed on earlier steps rides along.
        Assert.Contains("name=\"party.university\" value=\"QY-U02\"", backwards);
        Assert.Contains("name=\"title\" value=\"广东第二师范学院帮扶连州市连州第三中学协议\"", backwards);
        Assert.Contains("name=\"goals\" value=\"保留的目标\"", backwards);

        var badDate = await NextAsync(school, term, ("termStart", "2025-13-01"), ("termEnd", "2027-07-31"));
        Assert.Contains("开始日期「2025-13-01」不是有效日期", badDate);

        // Going back keeps the answers of the step left; a save with a title emptied on the way lands on the plan step.
        var review = await NextAsync(school, term, ("termStart", "2025-09-01"), ("termEnd", "2027-07-31"));
        var back = await PostAsync(school, review, [("go", "back")]);
        Assert.Contains("第 4 步：期限与经费", await back.Content.ReadAsStringAsync());
        var tampered = await PostAsync(school, review, [("go", "save")], without: "title");
        var tamperedHtml = await tampered.Content.ReadAsStringAsync();
        Assert.Contains("第 3 步：帮扶计划", tamperedHtml);
        Assert.Contains("协议名称必填", tamperedHtml);
        Assert.Contains("name=\"party.university\" value=\"QY-U02\"", tamperedHtml);
    }

    /// <summary>The program card with this title.</summary>
    private static string Card(string html, string title)
    {
        var start = html.IndexOf($"<h2>{title}</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no card for {title}");
        var end = html.IndexOf("<li class=\"card program-card", start, StringComparison.Ordinal);
        return html[start..(end < 0 ? html.Length : end)];
    }

    private static async Task<string> NextAsync(HttpClient client, string html, params (string Name, string Value)[] fields)
    {
        var response = await PostAsync(client, html, [("go", "next"), .. fields]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts the wizard's form as a browser would: its hidden fields (program, step, earlier answers) and the
    /// fields filled in on this step; a field given here replaces a hidden one of the same name.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string html, IReadOnlyList<(string Name, string Value)> fields,
        string? without = null)
    {
        // The token of the wizard's own form, as a browser sends it; a page without the form gets the layout's.
        var form = WizardForm().Match(html).Value;
        var token = form.Length > 0 ? WebWorld.Token(form) : WebWorld.Token(html);
        Assert.NotEmpty(token);
        var hidden = HiddenField().Matches(form).Select(m => (Name: m.Groups[1].Value, Value: WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(h => h.Name != without && fields.All(f => f.Name != h.Name || h.Name == "program")).ToList();
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in hidden.Concat(fields.Where(f => f.Name != "program" || hidden.All(h => h.Name != "program"))))
            content.Add(new StringContent(value), name);
        return await client.PostAsync(New, content);
    }

    [GeneratedRegex("<form method=\"post\" class=\"card wizard\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex WizardForm();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\" />")]
    private static partial Regex HiddenField();
}
