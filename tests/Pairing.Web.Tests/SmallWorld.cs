using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application;
using Pairing.Application.Accounts;
using Pairing.Application.Documents;
using Pairing.Application.Catalog;
using Pairing.Application.Operations;
using Pairing.Domain.Accounts;
using Pairing.Domain.Registry;
using Pairing.Testing;
using Pairing.Web.Hosting;

namespace Pairing.Web.Tests;

/// <summary>The web application over a small registry instead of the seeded demo (which takes most of a minute to
/// render and sign): one city with a county high school (C1) and a normal university (U1), their staff and
/// signatories, and the city bureau. It runs on SQLite or PostgreSQL, behind the in-memory test server or a real
/// Kestrel server — the one that enforces request-size limits.</summary>
public class SmallWorld(string provider, bool kestrel = false) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string School = "c1", City = "city";

    private TestDatabase? _database;

    public string Provider => provider;

    public AppServices App => new(Services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("PAIRING_DB", _database!.ConnectionString);
        builder.UseSetting("PAIRING_TIMERS", "off");
        // Generated cases sign in and verify hundreds of times a minute from one address.
        builder.UseSetting("PAIRING_RATE_LIMITS", "off");
        builder.UseSetting("PAIRING_PUBLIC_URL", WebWorld.PublicUrl);
        builder.UseContentRoot(Path.Combine(RepoPaths.Root, "src", "Pairing.Web"));
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await PrepareAsync(_database.ConnectionString);
        if (kestrel) UseKestrel(0);
        StartServer();
    }

    /// <summary>Fills the database before the web host starts, so that its first-start demo seeding finds it in use.</summary>
    private static async Task PrepareAsync(string connection)
    {
        var pki = Directory.CreateTempSubdirectory("pairing-small-pki").FullName;
        try
        {
            var settings = new DocumentSettings(Path.Combine(RepoPaths.Root, "templates"), pki, WebWorld.PublicUrl);
            await using var services = new ServiceCollection().AddPairing(new PairingOptions(connection, settings)).BuildServiceProvider();
            var app = new AppServices(services);
            await app.Send(new MigrateDatabase.Command());
            await app.Send(new PublishDefinitions.Command([RepoPaths.Workflows]));
            await using (var db = app.Db())
            {
                db.Cities.Add(new City { Code = "qingyuan", Name = "清远市", AdminCode = "441800" });
                db.Counties.Add(new County { Code = "lianzhou", Name = "连州市", AdminCode = "441882", CityCode = "qingyuan" });
                var c1 = new Institution
                {
                    Id = Guid.NewGuid(), Code = "C1", Name = "连州市第二中学", CityCode = "qingyuan", CountyCode = "lianzhou",
                    Stages = [Stage.Senior], Tags = ["county-high-school"]
                };
                var u1 = new Institution
                {
                    Id = Guid.NewGuid(), Code = "U1", Name = "华南师范大学", CityCode = "qingyuan", Stages = [Stage.University],
                    Tags = ["university", "normal-university"]
                };
                db.Institutions.AddRange(c1, u1);
                foreach (var (i, person) in new[] { (c1, "罗建"), (u1, "何平") })
                {
                    var user = i.Code.ToLowerInvariant();
                    db.Accounts.Add(new Account
                    {
                        Id = Guid.NewGuid(), UserName = user, DisplayName = $"{i.Name} 经办人", CityCode = "qingyuan",
                        CountyCode = i.CountyCode, InstitutionId = i.Id, InstitutionCode = i.Code
                    });
                    db.Accounts.Add(new Account
                    {
                        Id = Guid.NewGuid(), UserName = user + ".sign", DisplayName = $"{i.Name} 校长", PersonName = person,
                        Position = "校长", CityCode = "qingyuan", CountyCode = i.CountyCode, InstitutionId = i.Id, InstitutionCode = i.Code, CanSign = true
                    });
                }
                db.Accounts.Add(new Account { Id = Guid.NewGuid(), UserName = City, DisplayName = "清远市教育局", Role = AccountRole.CityBureau, CityCode = "qingyuan" });
                await db.SaveChangesAsync();
            }
            await app.Send(new ProvisionSignIns.Command(WebSetup.DemoPassword));
        }
        finally
        {
            Directory.Delete(pki, recursive: true);
        }
    }

    /// <summary>A draft both parties of this registry can make: the county high school with the normal university.</summary>
    public static string DraftJson(string extra = "", string title = "华南师范大学帮扶连州市第二中学协议") => $$"""
        {"program":"university-partnership","title":"{{title}}","termStart":"2025-09-01","termEnd":"2026-07-31",
         "parties":[{"institutionCode":"U1","role":"university"},{"institutionCode":"C1","role":"school"}]{{extra}}}
        """;

    /// <summary>A client signed in as the user (cookies kept, redirects not followed); anonymous for null.</summary>
    public async Task<HttpClient> SignedInAsync(string? user)
    {
        HttpClient client;
        if (kestrel)
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
            { BaseAddress = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)), Timeout = TimeSpan.FromMinutes(2) };
        }
        else client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is null) return client;
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = WebSetup.DemoPassword,
            ["__RequestVerificationToken"] = WebWorld.Token(form),
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{user} could not sign in: {response.StatusCode}");
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        foreach (var pki in Directory.EnumerateDirectories(Path.GetTempPath(), "pairing-test-*-pki"))
            if (_database?.ConnectionString.Contains(Path.GetFileName(pki)[..^4], StringComparison.Ordinal) == true) Directory.Delete(pki, recursive: true);
    }
}

/// <summary>The small world behind Kestrel on SQLite, for request-size limits.</summary>
public sealed class KestrelWorld() : SmallWorld(TestDatabase.Sqlite, kestrel: true);

/// <summary>The small world on SQLite behind the in-memory test server.</summary>
public sealed class SqliteWorld() : SmallWorld(TestDatabase.Sqlite);

/// <summary>One small world per database, made when a test first asks for it: SQLite always, PostgreSQL when
/// PAIRING_TEST_PG names a server (theories over <see cref="TestDatabase.Providers"/>).</summary>
public sealed class SmallWorlds : IAsyncLifetime
{
    private readonly Dictionary<string, Task<SmallWorld>> _worlds = [];
    private readonly Lock _lock = new();

    public Task<SmallWorld> Of(string provider)
    {
        lock (_lock)
        {
            if (!_worlds.TryGetValue(provider, out var world))
                _worlds[provider] = world = Create(provider);
            return world;
        }
    }

    private static async Task<SmallWorld> Create(string provider)
    {
        var world = new SmallWorld(provider);
        await ((IAsyncLifetime)world).InitializeAsync();
        return world;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var world in _worlds.Values) await ((IAsyncLifetime)await world).DisposeAsync();
    }
}
