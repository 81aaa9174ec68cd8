using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pairing.Application.Operations;

namespace Pairing.Browser.Tests;

/// <summary>The main journey at a desktop width (1,366 px).</summary>
public sealed class MainJourneyTests(LiveSite site) : IClassFixture<LiveSite>
{
    [Fact]
    public Task A_trusteeship_agreement_goes_from_draft_to_signed_verified_reported_and_counted() => MainJourney.RunAsync(site, 1366, "");
}

/// <summary>The same journey on a phone (390 px), on its own fresh site.</summary>
public sealed class PhoneMainJourneyTests(LiveSite site) : IClassFixture<LiveSite>
{
    [Fact]
    public Task A_trusteeship_agreement_goes_from_draft_to_signed_verified_reported_and_counted_on_a_phone() => MainJourney.RunAsync(site, 390, "phone-");
}

/// <summary>The main journey, as real users in a real browser: a school drafts a trusteeship agreement, the county
/// returns it, the school fixes and resubmits, the county approves, both signatories sign, the signed PDF downloads
/// and verifies on the verify page; a semester report is submitted with a file and accepted; the dashboard shows it.
/// Every page visited is saved as a screenshot under TestResults/screenshots/.</summary>
internal static class MainJourney
{
    private static ILocator ActionForm(IPage page, string button) =>
        page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }) });

    private static async Task ExpectFlashAsync(IPage page, string text)
    {
        var flash = page.Locator(".flash");
        await flash.WaitForAsync();
        Assert.Contains(text, await flash.InnerTextAsync());
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, $"{page.Url} scrolls sideways");
    }

    public static async Task RunAsync(LiveSite site, int width, string prefix)
    {
        var bureau = await site.SignInAsync(width, "jy.city");
        await bureau.GotoAsync("/dashboard");
        var trusteeshipBefore = await bureau.Locator("section.card", new() { HasText = "县中托管帮扶" }).First.Locator("h2 .tag").InnerTextAsync();

        // A school drafts with the wizard, one step per screen; it is the supported school already (its own role).
        var school = await site.SignInAsync(width, "jy.c06");
        await LiveSite.ShotAsync(school, prefix + "01-inbox");
        await school.GotoAsync("/agreements/new");
        await school.Locator(".program-card", new() { HasText = "县中托管帮扶" }).GetByRole(AriaRole.Link, new() { Name = "开始起草" }).ClickAsync();
        Assert.Contains("揭东区玉湖中学", await school.Locator("p.fixed").InnerTextAsync());
        await school.Locator("select[name='party.supporter']").SelectOptionAsync("JY-G05");
        await school.Locator("select[name='signatory.supporter']").SelectOptionAsync("jy.g05.sign");
        await LiveSite.ShotAsync(school, prefix + "02-wizard");
        await school.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await school.Locator("input[name=title]").FillAsync("揭东区第一中学托管帮扶揭东区玉湖中学协议");
        await school.Locator("textarea[name=goals]").FillAsync("三年内教学质量进入全市中游");
        await school.Locator("textarea[name=measures]").FillAsync("教学帮扶：每学期联合教研不少于4次");
        await school.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await school.Locator("input[name=termStart]").FillAsync("2025-09-01");
        await school.Locator("input[name=termEnd]").FillAsync("2028-07-31");
        await school.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await school.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await school.WaitForURLAsync(new Regex("/agreements/445200-TG-\\d{4}-\\d{3}$"));
        var url = new Uri(school.Url).AbsolutePath;
        await school.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await ExpectFlashAsync(school, "已完成");

        // The county returns it with a reason.
        var county = await site.SignInAsync(width, "jy.jiedong");
        await county.GotoAsync("/");
        Assert.Contains("揭东区第一中学托管帮扶揭东区玉湖中学协议", await county.Locator("main").InnerTextAsync());
        await county.GotoAsync(url);
        // Returning asks for the reason first: the button opens the form, nothing is sent until it is confirmed.
        await county.Locator("summary", new() { HasText = "退回修改" }).ClickAsync();
        await ActionForm(county, "确认退回修改").Locator("textarea").FillAsync("请补充年度目标");
        await ActionForm(county, "确认退回修改").GetByRole(AriaRole.Button).ClickAsync();
        await ExpectFlashAsync(county, "「退回修改」已完成，现为「草稿」");

        // The school sees why, fixes the plan and resubmits.
        await school.GotoAsync(url);
        Assert.Contains("请补充年度目标", await school.Locator(".notice.returned").InnerTextAsync());
        await school.Locator("textarea[name=targets]").FillAsync("2025—2026学年：完成诊断并制定一校一案\n2026—2027学年：主要学科平均分提高5分");
        await school.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await ExpectFlashAsync(school, "修改已保存");
        await school.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await ExpectFlashAsync(school, "已完成");

        await county.GotoAsync(url);
        await ActionForm(county, "批准").GetByRole(AriaRole.Button).ClickAsync();
        await ExpectFlashAsync(county, "已完成");

        // Both signatories sign; the page shows who has signed and who is pending.
        var supporter = await site.SignInAsync(width, "jy.g05.sign");
        await supporter.GotoAsync(url);
        Assert.Contains("待签署", await supporter.Locator("main").InnerTextAsync());
        Assert.Contains("签署前请查阅定稿文件", await supporter.Locator(".notice").InnerTextAsync());
        await LiveSite.ShotAsync(supporter, prefix + "03-signing");
        await ActionForm(supporter, "签署协议").GetByRole(AriaRole.Button).ClickAsync();
        await ExpectFlashAsync(supporter, "已完成");
        var supported = await site.SignInAsync(width, "jy.c06.sign");
        await supported.GotoAsync(url);
        await ActionForm(supported, "签署协议").GetByRole(AriaRole.Button).ClickAsync();
        await ExpectFlashAsync(supported, "已完成");
        Assert.Contains("履行中", await supported.Locator("p.meta").InnerTextAsync());
        await LiveSite.ShotAsync(supported, prefix + "04-agreement");

        // The signed PDF downloads and verifies on the public verify page.
        var download = await school.RunAndWaitForDownloadAsync(async () =>
        {
            await school.GotoAsync(url);
            await school.Locator("section.card", new() { HasText = "文件" }).GetByRole(AriaRole.Link, new() { Name = "PDF" }).First.ClickAsync();
        });
        var pdf = Path.Combine(Path.GetTempPath(), $"pairing-journey-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(pdf);
        var anonymousContext = await site.Browser.NewContextAsync(new() { BaseURL = site.Address, ViewportSize = new() { Width = width, Height = 900 } });
        anonymousContext.SetDefaultTimeout(90_000);
        var anonymous = await anonymousContext.NewPageAsync();
        await anonymous.GotoAsync("/verify");
        await anonymous.Locator("input[type=file]").SetInputFilesAsync(pdf);
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "核验" }).ClickAsync();
        await anonymous.Locator("h2.ok").WaitForAsync();
        Assert.Contains("真实有效且为最终版本", await anonymous.Locator("main").InnerTextAsync());
        Assert.Contains("揭东区第一中学托管帮扶揭东区玉湖中学协议", await anonymous.Locator("main").InnerTextAsync());
        await LiveSite.ShotAsync(anonymous, prefix + "05-verify");
        File.Delete(pdf);

        // The semester report opens, is submitted with a file, and the county accepts it.
        await site.App.Send(new RunTimers.Command("browser-test"));
        await school.GotoAsync("/reports");
        await LiveSite.ShotAsync(school, prefix + "06-reports");
        await school.GotoAsync($"{url}/cycles/2025-2026-1");
        await school.Locator("textarea[name='input.summary']").FillAsync("本学期联合教研 5 次，送教下乡 2 次");
        await school.Locator("textarea[name='input.indicators']").FillAsync("期末统考平均分提高 3 分");
        var evidence = Path.Combine(Path.GetTempPath(), $"教研记录-{Guid.NewGuid():N}.pdf");
        await File.WriteAllTextAsync(evidence, "%PDF-1.4\n% minutes of the joint teaching research\n");
        await school.Locator("input[name=evidence]").SetInputFilesAsync(evidence);
        await school.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(提交报告|补交报告)$") }).ClickAsync();
        await ExpectFlashAsync(school, "已完成");
        Assert.Contains(Path.GetFileName(evidence), await school.Locator("main").InnerTextAsync());
        await LiveSite.ShotAsync(school, prefix + "07-report");
        File.Delete(evidence);

        await county.GotoAsync($"{url}/cycles/2025-2026-1");
        await ActionForm(county, "审核通过").Locator("input[name=confirmed]").CheckAsync();
        await ActionForm(county, "审核通过").GetByRole(AriaRole.Button).ClickAsync();
        await ExpectFlashAsync(county, "已完成");
        Assert.Contains("已通过", await county.Locator("p.meta").InnerTextAsync());

        // The dashboard counts the new pairing.
        await bureau.GotoAsync("/dashboard");
        var trusteeshipAfter = await bureau.Locator("section.card", new() { HasText = "县中托管帮扶" }).First.Locator("h2 .tag").InnerTextAsync();
        Assert.NotEqual(trusteeshipBefore, trusteeshipAfter);
        Assert.Equal(0, await bureau.Locator("script").CountAsync());
        await LiveSite.ShotAsync(bureau, prefix + "08-dashboard");
    }
}
