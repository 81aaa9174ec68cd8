using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Pairing.Browser.Tests;

/// <summary>Every kind of user's pages at a desktop width (1,366 px) and a phone width (390 px): nothing wider than
/// the screen, the current page marked in the navigation, and no WCAG 2 A/AA violation found by axe-core (labels,
/// contrast, names, landmarks) — checked in Chromium on the rendered pages. Screenshots of each go to
/// TestResults/screenshots/ (the README shows some).</summary>
public sealed class LayoutAndAccessibilityTests : IClassFixture<LiveSite>
{
    private readonly LiveSite _site;

    public LayoutAndAccessibilityTests(LiveSite site) => _site = site;

    public static TheoryData<string, string[]> Journeys => new()
    {
        { "qy.c04", ["/", "/agreements", "/agreements/441800-TG-2024-004", "/agreements/441800-TG-2024-004/cycles/2024-2025-1", "/reports", "/agreements/new", "/verify"] },
        { "qy.qingcheng", ["/", "/agreements/441800-TG-2024-001", "/dashboard", "/workflows"] },
        { "qy.city", ["/dashboard", "/registry", "/budgets", "/agreements?state=active"] },
    };

    [Theory]
    [MemberData(nameof(Journeys))]
    public async Task Pages_fit_desktop_and_phone_and_pass_an_accessibility_check(string user, string[] paths)
    {
        var problems = new List<string>();
        foreach (var (width, height, label) in new[] { (1366, 900, "desktop"), (390, 844, "phone") })
        {
            var page = await _site.SignInAsync(user);
            await page.SetViewportSizeAsync(width, height);
            var visit = paths.ToList();
            if (paths.Contains("/workflows"))
            {
                await page.GotoAsync("/workflows");
                visit.Add(await page.Locator("main table a").First.GetAttributeAsync("href") ?? "/workflows");
            }
            foreach (var path in visit)
            {
                await page.GotoAsync(path);
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                if (overflow > 0) problems.Add($"{label} {path}: {overflow} px wider than the screen");
                var nav = "/" + path.TrimStart('/').Split('/', '?')[0];
                if (nav is "/agreements" or "/reports" or "/dashboard" or "/workflows" or "/registry" or "/budgets" or "/verify"
                    && await page.Locator($"header nav a[aria-current=page][href='{nav}']").CountAsync() != 1)
                    problems.Add($"{label} {path}: the navigation does not mark the current page");
                var axe = await page.RunAxe(new AxeRunOptions { RunOnly = RunOnlyOptions.Tags("wcag2a", "wcag2aa") });
                problems.AddRange(axe.Violations.Select(v =>
                    $"{label} {path}: {v.Id} — {v.Help} ({string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))})"));
                await LiveSite.ShotAsync(page, $"{label}-{user}-{path.Trim('/').Replace('/', '_').Replace('?', '_').Replace('=', '-')}".TrimEnd('-'));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_printed_agreement_page_is_the_record_without_navigation_or_forms()
    {
        var page = await _site.SignInAsync("qy.qingcheng");
        await page.GotoAsync("/agreements/441800-TG-2024-001");
        Assert.True(await page.Locator("header.top").IsVisibleAsync());
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("header.top").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("main form:visible, main button:visible").CountAsync());
        Assert.Contains("参与方", await page.Locator("main").InnerTextAsync());
        Assert.Contains("流程记录", await page.Locator("main").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_sign_in_page_passes_the_check_at_both_widths_without_an_empty_error_box()
    {
        var context = await _site.Browser.NewContextAsync(new() { BaseURL = _site.Address, Locale = "zh-CN" });
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        foreach (var width in new[] { 1366, 390 })
        {
            await page.SetViewportSizeAsync(width, 844);
            await page.GotoAsync("/Account/Login");
            Assert.Equal(0, await page.Locator(".errors").CountAsync());
            Assert.Contains("联系本市教育局", await page.Locator("main").InnerTextAsync());
            var axe = await page.RunAxe(new AxeRunOptions { RunOnly = RunOnlyOptions.Tags("wcag2a", "wcag2aa") });
            Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0);
        }
        await context.CloseAsync();
    }
}
