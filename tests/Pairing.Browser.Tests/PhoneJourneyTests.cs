using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Pairing.Browser.Tests;

/// <summary>The report journey on a phone (390 × 844): a school submits its semester report with a file, the county
/// returns it with a reason, the school finds the reason on top and its text kept, removes the file and resubmits —
/// every page without sideways scrolling.</summary>
public sealed class PhoneJourneyTests : IClassFixture<LiveSite>
{
    private const string Cycle = "/agreements/441800-TG-2024-003/cycles/2024-2025-2";
    private readonly LiveSite _site;

    public PhoneJourneyTests(LiveSite site) => _site = site;

    private static async Task OnPhoneAsync(IPage page)
    {
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(Cycle);
    }

    private static async Task FitsAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, $"{page.Url} scrolls sideways");

    private static async Task<string> FlashAsync(IPage page)
    {
        await page.Locator(".flash").WaitForAsync();
        return await page.Locator(".flash").InnerTextAsync();
    }

    [Fact]
    public async Task A_report_is_submitted_returned_corrected_and_resubmitted_on_a_phone()
    {
        var school = await _site.SignInAsync("qy.c03");
        await OnPhoneAsync(school);
        await school.Locator("textarea[name='input.summary']").FillAsync("本学期送教下乡 2 次");
        // A long unbroken file name must wrap rather than widen the screen.
        var file = Path.Combine(Path.GetTempPath(), $"签到表-{Guid.NewGuid():N}{Guid.NewGuid():N}.pdf");
        await File.WriteAllTextAsync(file, "%PDF-1.4\n% sign-in sheet\n");
        await school.Locator("input[name=evidence]").SetInputFilesAsync(file);
        await FitsAsync(school);
        await school.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(提交报告|补交报告)$") }).ClickAsync();
        Assert.Matches("「(提交|补交)报告」已完成，现为「待审核」", await FlashAsync(school));
        await LiveSite.ShotAsync(school, "phone-report-submitted");

        var county = await _site.SignInAsync("qy.yangshan");
        await OnPhoneAsync(county);
        await FitsAsync(county);
        await county.GetByLabel("退回修改的原因（必填）").FillAsync("请补充送教下乡的学科和受益教师人数");
        await county.GetByRole(AriaRole.Button, new() { Name = "退回修改", Exact = true }).ClickAsync();
        Assert.Contains("「退回修改」已完成", await FlashAsync(county));

        await OnPhoneAsync(school);
        await FitsAsync(school);
        Assert.Contains("请补充送教下乡的学科和受益教师人数", await school.Locator(".notice.returned").InnerTextAsync());
        Assert.Equal("本学期送教下乡 2 次", await school.Locator("textarea[name='input.summary']").InputValueAsync());
        await LiveSite.ShotAsync(school, "phone-report-returned");
        await school.GetByRole(AriaRole.Button, new() { Name = $"删除 {Path.GetFileName(file)}" }).ClickAsync();
        Assert.Contains("已删除佐证文件", await FlashAsync(school));
        await school.Locator("textarea[name='input.summary']").FillAsync("本学期送教下乡 2 次（语文、数学），受益教师 36 人");
        await school.GetByRole(AriaRole.Button, new() { Name = "重新提交", Exact = true }).ClickAsync();
        Assert.Contains("「重新提交」已完成，现为「待审核」", await FlashAsync(school));
        File.Delete(file);
    }
}
