using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pairing.Testing;

namespace Pairing.Web.Tests;

/// <summary>/health/live and /health/ready as a load balancer or an orchestrator probes them: anonymous JSON, ready
/// only while the database answers, every migration is applied and the keys load; 503 with the failing check's reason
/// otherwise.</summary>
public sealed class HealthEndpointTests
{
    private sealed record Check(string Name, string Status, string Reason);

    private static async Task<(HttpStatusCode Status, string Overall, Dictionary<string, Check> Checks)> ProbeAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var checks = json.GetProperty("checks").EnumerateArray()
            .Select(c => new Check(c.GetProperty("name").GetString()!, c.GetProperty("status").GetString()!, c.GetProperty("reason").GetString()!))
            .ToDictionary(c => c.Name);
        return (response.StatusCode, json.GetProperty("status").GetString()!, checks);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ready_needs_every_migration_applied_and_says_which_is_missing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await OpsHost.StartAsync(new Dictionary<string, string> { ["PAIRING_DB"] = database.ConnectionString });
        var client = host.Browser();

        var live = await ProbeAsync(client, "/health/live");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.Status, live.Overall));
        Assert.Empty(live.Checks);
        var ready = await ProbeAsync(client, "/health/ready");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.Status, ready.Overall));
        Assert.Equal(["database", "keys", "migrations"], ready.Checks.Keys.Order());
        Assert.All(ready.Checks.Values, c => Assert.Equal("Healthy", c.Status));

        string newest;
        await using (var db = host.App.Db())
        {
            newest = (await db.Database.GetAppliedMigrationsAsync()).Max(StringComparer.Ordinal)!;
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {0}", newest);
        }
        var behind = await ProbeAsync(client, "/health/ready");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (behind.Status, behind.Overall));
        Assert.Equal("Unhealthy", behind.Checks["migrations"].Status);
        Assert.Contains(newest, behind.Checks["migrations"].Reason);
        Assert.Contains("缺少 1 个迁移", behind.Checks["migrations"].Reason);
        Assert.Equal("Healthy", behind.Checks["database"].Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_while_the_database_cannot_be_reached_and_names_no_host_or_secret()
    {
        await using var host = await OpsHost.StartAsync(new Dictionary<string, string>
        {
            ["PAIRING_DB"] = "Host=127.0.0.1;Port=1;Database=pairing;Username=pairing;Password=s3cret-pw;Timeout=3",
        }, migrate: false);
        var client = host.Browser();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var response = await client.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var ready = await ProbeAsync(client, "/health/ready");
        Assert.Equal("Unhealthy", ready.Checks["database"].Status);
        Assert.Contains("无法连接数据库", ready.Checks["database"].Reason);
        Assert.Equal("Unhealthy", ready.Checks["migrations"].Status);
        Assert.DoesNotContain("s3cret-pw", body);
        Assert.DoesNotContain("127.0.0.1", body);
    }

    [Fact]
    public async Task Ready_is_503_when_the_signing_keys_cannot_be_read()
    {
        var pki = Directory.CreateTempSubdirectory("pairing-pki").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(pki, "ca.pfx"), "not a certificate");
            await using var host = await OpsHost.StartAsync(new Dictionary<string, string> { ["PAIRING_PKI"] = pki });
            var ready = await ProbeAsync(host.Browser(), "/health/ready");
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (ready.Status, ready.Overall));
            Assert.Equal("Unhealthy", ready.Checks["keys"].Status);
            Assert.Contains("无法读取签名密钥", ready.Checks["keys"].Reason);
            Assert.Equal("Healthy", ready.Checks["database"].Status);
            Assert.Equal("Healthy", ready.Checks["migrations"].Status);
        }
        finally
        {
            Directory.Delete(pki, recursive: true);
        }
    }
}
