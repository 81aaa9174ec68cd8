using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application.Accounts;
using Pairing.Application.Catalog;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;
using Pairing.Testing;
using Pairing.Web.Hosting;

namespace Pairing.Web.Tests;

/// <summary>The web application in-process over a real SQLite file seeded with the Qingyuan demo, shared by the web
/// test classes (seeding renders and signs every demo agreement, so it is done once).</summary>
public sealed partial class WebWorld : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-web-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("PAIRING_DB", $"Data Source={_file}");
        builder.UseSetting("PAIRING_TIMERS", "off");
        // Every web test class signs in through this one host, from one address, many times a minute.
        builder.UseSetting("PAIRING_RATE_LIMITS", "off");
        builder.UseSetting("PAIRING_PUBLIC_URL", PublicUrl);
        builder.UseContentRoot(Path.Combine(RepoPaths.Root, "src", "Pairing.Web"));
    }

    public const string PublicUrl = "https://pairing.qingyuan.example";

    public AppServices App => new(Services);

    public async Task InitializeAsync()
    {
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(RepoPaths.Root);
        try
        {
            await App.Send(new MigrateDatabase.Command());
            await App.Send(new PublishDefinitions.Command([WorkflowCatalog.DefaultFolder()]));
            await App.Send(new SeedDemoCity.Command("qingyuan"));
            await App.Send(new ProvisionSignIns.Command(WebSetup.DemoPassword));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    /// <summary>A browser-like client signed in as the user (cookies kept, redirects not followed).</summary>
    public async Task<HttpClient> SignedInAsync(string? user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is null) return client;
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = WebSetup.DemoPassword,
            ["__RequestVerificationToken"] = Token(form),
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{user} could not sign in: {response.StatusCode}");
        return client;
    }

    /// <summary>Posts a page's form as a browser would: the antiforgery token from the page, the fields, any files.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, IEnumerable<(string Name, string Value)> fields,
        IEnumerable<(string Name, string FileName, byte[] Content)>? files = null, string? action = null)
    {
        var html = await client.GetStringAsync(page);
        var form = new MultipartFormDataContent { { new StringContent(Token(html)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        foreach (var (name, fileName, content) in files ?? []) form.Add(new ByteArrayContent(content), name, fileName);
        return await client.PostAsync(action ?? page, form);
    }

    /// <summary>The page a post redirected to (post/redirect/get), as the browser would show it next.</summary>
    public static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await client.GetStringAsync(response.Headers.Location);
    }

    public static string Token(string html) => TokenField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
        var pki = Path.Combine(Path.GetDirectoryName(_file)!, Path.GetFileNameWithoutExtension(_file) + "-pki");
        if (Directory.Exists(pki)) Directory.Delete(pki, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebWorld>
{
    public const string Name = "web";
}
