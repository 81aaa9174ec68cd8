using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application.Operations;
using Pairing.Testing;
using Pairing.Web.Hosting;

namespace Pairing.Web.Tests;

/// <summary>The web application on Kestrel (loopback, free port) with settings of the test's choosing, over its own
/// database (a fresh SQLite file unless PAIRING_DB is given) and key folder, without demo data or the demo start-up:
/// for the operations surface — health, limits, logs, telemetry — where each test needs its own configuration and
/// requests come from a real client address.</summary>
public sealed class OpsHost : IAsyncDisposable
{
    public const string Password = WebSetup.DemoPassword;

    private readonly WebApplication _web;

    private OpsHost(WebApplication web, string folder)
    {
        _web = web;
        Folder = folder;
    }

    public string Folder { get; }
    public string Address { get; private set; } = "";
    public IServiceProvider Services => _web.Services;
    public AppServices App => new(_web.Services);

    /// <summary>Started, its database migrated unless <paramref name="migrate"/> is false (an unreachable one).</summary>
    public static async Task<OpsHost> StartAsync(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null, bool migrate = true)
    {
        var folder = Directory.CreateTempSubdirectory("pairing-ops").FullName;
        var all = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["contentRoot"] = Path.Combine(RepoPaths.Root, "src", "Pairing.Web"),
            ["PAIRING_DB"] = $"Data Source={Path.Combine(folder, "ops.db")}",
            ["PAIRING_PKI"] = Path.Combine(folder, "pki"),
            ["PAIRING_TIMERS"] = "off",
            ["PAIRING_PUBLIC_URL"] = "https://pairing.example",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var web = WebSetup.Build([.. all.SelectMany(s => new[] { $"--{s.Key}", s.Value })], builder => services?.Invoke(builder.Services));
        var host = new OpsHost(web, folder);
        if (migrate) await host.App.Send(new MigrateDatabase.Command());
        await web.StartAsync();
        host.Address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return host;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as the tests read each answer.</summary>
    public HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(Address),
    };

    /// <summary>A sign-in that is not a registry account: enough for the pipeline to know who asks.</summary>
    public async Task<HttpClient> SignedInAsync(string user)
    {
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            if (await users.FindByNameAsync(user) is null)
                Assert.True((await users.CreateAsync(new IdentityUser(user), Password)).Succeeded);
        }
        var client = Browser();
        var response = await SignInAsync(client, user, Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{user} could not sign in: {response.StatusCode}");
        return client;
    }

    /// <summary>Posts the sign-in form as a browser would (with the page's antiforgery token).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = WebWorld.Token(form),
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
