using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Pairing.Web.Tests;

/// <summary>The pages that change things: report submission with evidence and its review, and the dashboard that
/// reflects them (the new-agreement wizard has its own tests in WizardTests).</summary>
[Collection(WebCollection.Name)]
public sealed partial class PageTests(WebWorld web)
{
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
        Assert.DoesNotContain("evidence[0]", wrongHtml);
        Assert.Contains("本学期联合教研 5 次", wrongHtml);
        await using (var db = web.App.Db())
            Assert.Empty(await db.EvidenceFiles.Where(e => e.FileName == "名单.exe").ToListAsync());

        var ok = await WebWorld.PostFormAsync(school, cycle, [("action", "submit"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(form)),
            ("input.summary", "本学期联合教研 5 次"), ("input.indicators", "平均分提高 3 分")], [("evidence", "教研记录.pdf", pdf)]);
        var okHtml = await WebWorld.FollowAsync(school, ok);
        Assert.Matches("「(提交|补交)报告」已完成，现为「待审核」", okHtml);
        Assert.Contains("教研记录.pdf", okHtml);
        var evidence = Regex.Match(okHtml, "href=\"([^\"]+handler=Evidence[^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Equal(pdf, await school.GetByteArrayAsync(evidence));
        using var stranger = await web.SignedInAsync("qy.g05");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(evidence)).StatusCode);

        // The county of a party finds it in its review queue (the reports waiting for it, narrowed to 待审核 — the
        // overdue evaluations fill the first page) and accepts it.
        using var county = await web.SignedInAsync("qy.qingcheng");
        Assert.Contains("/cycles/2024-2025-2", await county.GetStringAsync("/reports?state=待审核"));
        // The pair spans two counties; the report came from 清远市华侨中学, so only its county (清城区) reviews it and
        // is told — 连南's bureau gets neither the task nor the notice.
        using (var otherCounty = await web.SignedInAsync("qy.liannan"))
        {
            Assert.DoesNotContain("441800-TG-2024-002/cycles/2024-2025-2", await otherCounty.GetStringAsync("/reports?state=待审核"));
            Assert.DoesNotContain("2024—2025学年第二学期报告已提交", await otherCounty.GetStringAsync("/"));
        }
        Assert.Contains("2024—2025学年第二学期报告已提交", await county.GetStringAsync("/"));
        var review = await county.GetStringAsync(cycle);
        var accepted = await WebWorld.PostFormAsync(county, cycle, [("action", "accept"), ("key", Guid.NewGuid().ToString("N")), ("version", Version(review))]);
        Assert.Contains("「审核通过」已完成，现为「已通过」", await WebWorld.FollowAsync(county, accepted));
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
