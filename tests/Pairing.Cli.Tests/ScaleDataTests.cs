using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Pairing.Cli.Tests;

/// <summary>`pairing bench data` copies the seeded city in bulk; the copies read like the originals in lists, inboxes
/// and counts, keep schools apart, and leave the numbering free for the next draft.</summary>
public sealed class ScaleDataTests : IAsyncLifetime
{
    private readonly CliRunner _cli = new();

    public Task InitializeAsync() => _cli.SeedAsync("qingyuan");

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await _cli.RunAsync([.. args, "--json"]);
        Assert.True(result.Exit == 0, result.Err);
        return JsonDocument.Parse(result.Out).RootElement;
    }

    [Fact]
    public async Task Copies_read_like_the_originals_and_keep_schools_apart()
    {
        var before = (await JsonAsync("agreements", "list", "--as", "qy.city")).GetArrayLength();
        var schoolBefore = (await JsonAsync("agreements", "list", "--as", "qy.g01")).EnumerateArray().Select(a => a.GetProperty("number").GetString()).ToList();

        var data = await _cli.RunAsync("bench", "data", "--copies", "2");
        Assert.True(data.Exit == 0, data.Err);
        Assert.Contains("已复制 2 份", data.Out);

        var all = (await JsonAsync("agreements", "list", "--as", "qy.city")).EnumerateArray().ToList();
        Assert.Equal(3 * before, all.Count);
        Assert.Equal(all.Count, all.Select(a => a.GetProperty("number").GetString()).Distinct().Count());
        // Each copy has its own schools, in the original's state.
        var original = all.First(a => a.GetProperty("state").GetString() == "signing");
        var copy = all.Single(a => a.GetProperty("title").GetString() == original.GetProperty("title").GetString() + "（样本1）");
        Assert.Equal("signing", copy.GetProperty("state").GetString());
        Assert.All(copy.GetProperty("parties").EnumerateArray(), p => Assert.EndsWith("-K0001", p.GetProperty("code").GetString()));
        // A school of the original sees exactly what it saw before.
        Assert.Equal(schoolBefore, (await JsonAsync("agreements", "list", "--as", "qy.g01")).EnumerateArray().Select(a => a.GetProperty("number").GetString()));

        // The copied open tasks wait for the copied schools, not the originals.
        await using (var db = new SqliteConnection(_cli.Db))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM wf_tasks WHERE Status = 'open' AND Scope LIKE 'inst:%-K0001'";
            var copiedOpen = (long)(await cmd.ExecuteScalarAsync())!;
            cmd.CommandText = "SELECT count(*) FROM wf_tasks WHERE Status = 'open' AND Scope LIKE 'inst:%' AND Scope NOT LIKE '%-K%'";
            Assert.Equal((long)(await cmd.ExecuteScalarAsync())!, copiedOpen);
            Assert.True(copiedOpen > 0);
        }

        // A second run on the same database is refused rather than doubling the copies' codes.
        var again = await _cli.RunAsync("bench", "data", "--copies", "1");
        Assert.NotEqual(0, again.Exit);
        Assert.Contains("已有复制出的基准数据", again.Err);
    }

    [Fact]
    public async Task The_province_scale_gives_every_city_the_demo_city_s_agreements_schools_and_accounts()
    {
        var before = (await JsonAsync("agreements", "list", "--as", "qy.city")).GetArrayLength();
        var schoolTasks = (await JsonAsync("tasks", "--as", "qy.g01")).GetArrayLength();

        var data = await _cli.RunAsync("bench", "data", "--scale", "province", "--copies", "1");
        Assert.True(data.Exit == 0, data.Err);
        Assert.Contains("已复制 21 份", data.Out);

        // Every other city has the demo city's agreements under its own numbers, schools and counties.
        var guangzhou = (await JsonAsync("agreements", "list", "--as", "gz.city")).EnumerateArray().ToList();
        Assert.Equal(before, guangzhou.Count);
        Assert.All(guangzhou, a => Assert.StartsWith("440100-", a.GetProperty("number").GetString()));
        Assert.All(guangzhou.SelectMany(a => a.GetProperty("parties").EnumerateArray()), p =>
        {
            Assert.Matches("^GZ-[A-Za-z0-9-]+-K0001$", p.GetProperty("code").GetString());
            if (p.TryGetProperty("county", out var county)) Assert.StartsWith("guangzhou-", county.GetString());
            Assert.DoesNotContain("lianzhou", p.GetProperty("code").GetString(), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(guangzhou, a => a.GetProperty("title").GetString()!.Contains("清远", StringComparison.Ordinal));
        Assert.Equal(22 * before, (await JsonAsync("agreements", "list", "--as", "gd.admin")).GetArrayLength());
        // Its school sees its own copy of the work the demo school has.
        Assert.Equal(schoolTasks, (await JsonAsync("tasks", "--as", "gz.g01")).GetArrayLength());
        Assert.All((await JsonAsync("agreements", "list", "--as", "gz.g01")).EnumerateArray(),
            a => Assert.StartsWith("440100-", a.GetProperty("number").GetString()));
        // A generated city is known by its name; it has no targets of its own (the demo city's definitions carry them).
        var compliance = (await JsonAsync("compliance", "--city", "guangzhou"))[0];
        Assert.Equal("广州市", compliance.GetProperty("cityName").GetString());

        var again = await _cli.RunAsync("bench", "data", "--scale", "province", "--copies", "1");
        Assert.NotEqual(0, again.Exit);
        Assert.Contains("基准数据", again.Err);
    }
}
