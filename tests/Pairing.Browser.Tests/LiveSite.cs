using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pairing.Application.Accounts;
using Pairing.Application.Catalog;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;
using Pairing.Testing;
using Pairing.Web.Hosting;

namespace Pairing.Browser.Tests;

/// <summary>The real web application on Kestrel (loopback, free port) over a seeded SQLite file, and Debian's
/// Chromium driven by Playwright — the way a school office or a bureau uses Pairing.</summary>
public sealed class LiveSite : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-browser-{Guid.NewGuid():N}.db");
    private WebApplication? _web;
    private IPlaywright? _playwright;

    public string Address { get; private set; } = "";
    public AppServices App => new(_web!.Services);
    public IBrowser Browser { get; private set; } = null!;
    public static string Screenshots => Path.Combine(RepoPaths.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.SetCurrentDirectory(RepoPaths.Root);
        _web = WebSetup.Build(["--urls", "http://127.0.0.1:0", "--PAIRING_DB", $"Data Source={_file}", "--PAIRING_TIMERS", "off",
            "--contentRoot", Path.Combine(RepoPaths.Root, "src", "Pairing.Web"), "--webroot", Path.Combine(RepoPaths.Root, "src", "Pairing.Web", "wwwroot")]);
        await App.Send(new MigrateDatabase.Command());
        await App.Send(new PublishDefinitions.Command([WorkflowCatalog.DefaultFolder()]));
        foreach (var city in new[] { "qingyuan", "jieyang" }) await App.Send(new SeedDemoCity.Command(city));
        await App.Send(new ProvisionSignIns.Command(WebSetup.DemoPassword));
        await _web.StartAsync();
        Address = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh browser context signed in as the user through the sign-in page.</summary>
    public Task<IPage> SignInAsync(string user) => SignInAsync(1280, user);

    /// <summary>The same, in a window of the given width.</summary>
    public async Task<IPage> SignInAsync(int width, string user)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address, Locale = "zh-CN", AcceptDownloads = true, ViewportSize = new() { Width = width, Height = 900 },
        });
        // Generous waits: CI machines are small and busy; nothing here measures speed.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("账号").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(WebSetup.DemoPassword);
        // Wait for the redirect away from the sign-in page, not for a load state: a load-state wait begun while the
        // form is still submitting can miss the new document's load event and hang (seen once on CI).
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login"), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        }
        catch (TimeoutException) when (page.Url.Contains("/Account/Login", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{user} could not sign in: {await page.Locator("main").InnerTextAsync()}");
        }
        catch (TimeoutException)
        {
            // The wait can miss a redirect that already happened (seen on a busy machine: the inbox was showing).
        }
        await page.Locator("main").WaitForAsync();
        return page;
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_web is not null) await _web.DisposeAsync();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
        var pki = Path.Combine(Path.GetDirectoryName(_file)!, Path.GetFileNameWithoutExtension(_file) + "-pki");
        if (Directory.Exists(pki)) Directory.Delete(pki, recursive: true);
    }
}
