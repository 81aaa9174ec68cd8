using Microsoft.Playwright;

namespace Pairing.Browser.Tests;

/// <summary>The drafting wizard on a phone (390 px) and a desktop screen (1,366 px): the program cards with their
/// longest reasons, the pickers with the reasons for the others opened, and every later step fit the width without
/// scrolling sideways. Each screen is saved under TestResults/screenshots/ as wizard-WIDTH-STEP.png.</summary>
public sealed class WizardLayoutTests : IClassFixture<LiveSite>
{
    private readonly LiveSite _site;

    public WizardLayoutTests(LiveSite site) => _site = site;

    [Fact]
    public async Task Every_step_of_the_wizard_fits_a_phone_and_a_desktop_screen()
    {
        foreach (var width in new[] { 390, 1366 })
        {
            // 浛洸中学 cannot draft a trusteeship: its card carries the longest reasons.
            var blocked = await _site.SignInAsync("qy.c04");
            await blocked.SetViewportSizeAsync(width, 900);
            await blocked.GotoAsync("/agreements/new");
            Assert.Contains("没有符合条件的帮扶方", await blocked.Locator(".program-card", new() { HasText = "县中托管帮扶" }).InnerTextAsync());
            await FitsAsync(blocked, width, "programs");

            // A labour-education lead picks partners from a long list grouped by county.
            var lead = await _site.SignInAsync("qy.l01");
            await lead.SetViewportSizeAsync(width, 900);
            await lead.GotoAsync("/agreements/new?program=labour-education");
            await lead.Locator("details.why summary").First.ClickAsync();
            await FitsAsync(lead, width, "partners");

            // A Jieyang quality high school drafts a trusteeship: the county schools paired already are explained with
            // their agreements' full titles, which once stretched the form past the screen.
            var school = await _site.SignInAsync("jy.g05");
            await school.SetViewportSizeAsync(width, 900);
            await school.GotoAsync("/agreements/new?program=county-trusteeship");
            var why = school.Locator("details.why");
            await why.Locator("summary").ClickAsync();
            Assert.Contains("已在协议", await why.InnerTextAsync());
            await FitsAsync(school, width, "parties");
            await school.Locator("select[name='party.supported']").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await school.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
            await school.Locator("textarea[name=goals]").FillAsync("三年内教学质量进入全市中游");
            await FitsAsync(school, width, "plan");
            await school.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
            await school.Locator("input[name=termStart]").WaitForAsync();
            await FitsAsync(school, width, "term");
            await school.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
            await school.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).WaitForAsync();
            Assert.Equal("核对提交", (await school.Locator("ol.steps li[aria-current=step]").InnerTextAsync()).Replace("5", "").Trim());
            await FitsAsync(school, width, "review");
        }
    }

    private static async Task FitsAsync(IPage page, int width, string step)
    {
        await LiveSite.ShotAsync(page, $"wizard-{width}-{step}");
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(sizes[0] <= sizes[1], $"the {step} step at {width} px is {sizes[0]} px wide");
    }
}
