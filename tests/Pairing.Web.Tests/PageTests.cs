using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Pairing.Web.Tests;

/// <summary>The pages that change things: the new-agreement wizard, report submission with evidence and its review,
/// and the dashboard that reflects them.</summary>
[Collection(WebCollection.Name)]
public sealed partial class PageTests(WebWorld web)
{
    [Fact]
    public async Task The_wizard_offers_only_eligible_partners_and_explains_the_others()
    {
        using var school = await web.SignedInAsync("qy.c10");
        var page = await school.GetStringAsync("/agreements/new?program=county-trusteeship");
        // Every quality high school already supports a county school one-to-one; a primary school is not a high school.
        Assert.Matches("<option value=\"QY-G01\" disabled=\"disabled\">\\s*清远市第一中学（[^）]+）\\s*— 已在协议 441800-TG-2024-00\\d", page);
        Assert.Matches("<option value=\"QY-P01\" disabled=\"disabled\">[^<]*不是优质普通高中", page);
        Assert.Matches("<option value=\"QY-C10\">\\s*连州市连州第三中学", page);

        // A crafted post naming a taken school still saves the draft (drafts do not block each other), but submitting it
        // is refused with the rule and the school named.
        var crafted = await WebWorld.PostFormAsync(school, "/agreements/new?program=county-trusteeship", [
            ("program", "county-trusteeship"), ("title", "清远市第一中学托管帮扶连州市连州第三中学协议"), ("termStart", "2025-09-01"),
            ("termEnd", "2028-07-31"), ("party.supporter", "QY-G01"), ("signatory.supporter", "qy.g01.sign"), ("party.supported", "QY-C10"),
            ("signatory.supported", ""), ("goals", "三年内本科上线率提高")]);
        Assert.Equal(HttpStatusCode.Redirect, crafted.StatusCode);
        var draft = crafted.Headers.Location!.ToString();
        var draftPage = await school.GetStringAsync(draft);
        var submit = await WebWorld.PostFormAsync(school, draft, [("action", "submit"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(draftPage))],
            action: draft + "?handler=Act");
        var refusal = await submit.Content.ReadAsStringAsync();
        Assert.Contains("规则「一对一帮扶」：清远市第一中学（QY-G01）已作为帮扶方在协议 441800-TG-2024-001", refusal);
        Assert.Contains("草稿", refusal);

        var saved = await WebWorld.PostFormAsync(school, "/agreements/new?program=university-partnership", [
            ("program", "university-partnership"), ("title", "华南师范大学帮扶连州市连州第三中学（课程）协议"), ("termStart", "2025-09-01"),
            ("termEnd", "2027-07-31"), ("party.school", "QY-C10"), ("signatory.school", ""), ("party.university", "QY-U01"),
            ("signatory.university", ""), ("goals", "建设特色课程"), ("measures", "课程建设：共建 2 门校本课程\n教师发展：每学期专题培训 2 次"),
            ("focus", "课程建设"), ("fundingAmount", "120,000")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.ToString();
        Assert.Matches("^/agreements/441800-GX-\\d{4}-\\d{3}$", location);
        var detail = await school.GetStringAsync(location);
        Assert.Contains("共建 2 门校本课程", detail);
        Assert.Contains("120,000.00", detail);

        var badDate = await WebWorld.PostFormAsync(school, "/agreements/new?program=university-partnership", [
            ("program", "university-partnership"), ("title", "日期错误的协议"), ("termStart", "2025-13-01"), ("termEnd", "2027-07-31"), ("goals", "保留的目标")]);
        var badHtml = await badDate.Content.ReadAsStringAsync();
        Assert.Contains("termStart", badHtml);
        Assert.Contains("保留的目标", badHtml);
        Assert.Contains("日期错误的协议", badHtml);
    }

    [Fact]
    public async Task A_report_is_submitted_with_evidence_and_the_bureau_accepts_it()
    {
        const string cycle = "/agreements/441800-TG-2024-002/cycles/2024-2025-2";
        using var school = await web.SignedInAsync("qy.g02");
        var form = await school.GetStringAsync(cycle);
        Assert.Contains("佐证文件", form);
        var pdf = "%PDF-1.4\n% evidence\n"u8.ToArray();

        // A file of the wrong kind: the whole submission is refused, the text typed stays, nothing is saved.
        var wrong = await WebWorld.PostFormAsync(school, cycle, [("action", "submit"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(form)),
            ("input.summary", "本学期联合教研 5 次"), ("input.indicators", "平均分提高 3 分")], [("evidence", "名单.exe", "MZ..."u8.ToArray())]);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("名单.exe 的类型不支持", wrongHtml);
        Assert.Contains("evidence[0]", wrongHtml);
        Assert.Contains("本学期联合教研 5 次", wrongHtml);
        await using (var db = web.App.Db())
            Assert.Empty(await db.EvidenceFiles.Where(e => e.Cycle == "2024-2025-2").ToListAsync());

        var ok = await WebWorld.PostFormAsync(school, cycle, [("action", "submit"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(form)),
            ("input.summary", "本学期联合教研 5 次"), ("input.indicators", "平均分提高 3 分")], [("evidence", "教研记录.pdf", pdf)]);
        var okHtml = await ok.Content.ReadAsStringAsync();
        Assert.Contains("已完成", okHtml);
        Assert.Contains("教研记录.pdf", okHtml);
        var evidence = Regex.Match(okHtml, "href=\"([^\"]+handler=Evidence[^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Equal(pdf, await school.GetByteArrayAsync(evidence));
        using var stranger = await web.SignedInAsync("qy.g05");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(evidence)).StatusCode);

        // The county of a party finds it in its review queue (the reports waiting for it, narrowed to 待审核 — the
        // overdue evaluations fill the first page) and accepts it.
        using var county = await web.SignedInAsync("qy.qingcheng");
        Assert.Contains("/cycles/2024-2025-2", await county.GetStringAsync("/reports?state=待审核"));
        var review = await county.GetStringAsync(cycle);
        var accepted = await WebWorld.PostFormAsync(county, cycle, [("action", "accept"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(review))]);
        Assert.Contains("已通过", await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboard_draws_each_target_against_reality_without_scripts()
    {
        using var city = await web.SignedInAsync("qy.city");
        var html = await city.GetStringAsync("/dashboard");
        Assert.Contains("<svg class=\"chart\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("9/9 已达标", html);                  // trusteeship pairs signed
        Assert.Contains("目标 10", html);                     // labour leads against ten partners
        Assert.Contains("逾期报告", html);
        Assert.Contains("履行中", html);                      // agreements by state
        using var county = await web.SignedInAsync("qy.lianshan");
        Assert.Contains("连山", await county.GetStringAsync("/dashboard"));
    }

    private static string Version(string html) => VersionField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
