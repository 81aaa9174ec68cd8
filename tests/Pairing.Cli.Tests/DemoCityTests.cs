using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Pairing.Cli.Tests;

/// <summary>The seeded Qingyuan demo driven through the command line: compliance, listings, acting, timers, audit.</summary>
public sealed class DemoCityTests : IAsyncLifetime
{
    private readonly CliRunner _cli = new();

    public Task InitializeAsync() => _cli.SeedAsync("qingyuan");

    public Task DisposeAsync()
    {
        _cli.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Compliance_shows_nine_of_nine_trusteeships_and_each_labour_lead()
    {
        var table = await _cli.RunAsync("compliance", "--city", "qingyuan");
        Assert.Equal(0, table.Exit);
        Assert.Contains("9/9", table.Out);
        Assert.Contains("结对校 10/10", table.Out);

        var json = JsonDocument.Parse((await _cli.RunAsync("compliance", "--city", "qingyuan", "--json")).Out);
        var programs = json.RootElement[0].GetProperty("programs").EnumerateArray().ToList();
        var trusteeship = programs.Single(p => p.GetProperty("program").GetString() == "county-trusteeship");
        Assert.Equal(9, trusteeship.GetProperty("actual").GetInt32());
        Assert.Equal(9, trusteeship.GetProperty("target").GetInt32());
        Assert.True(trusteeship.GetProperty("met").GetBoolean());
        var leads = programs.Single(p => p.GetProperty("program").GetString() == "labour-education").GetProperty("details").EnumerateArray()
            .Select(d => d.GetProperty("count").GetInt32()).OrderDescending().ToList();
        Assert.Equal([10, 7, 0], leads);
    }

    [Fact]
    public async Task Terms_end_by_themselves_compliance_is_measured_on_a_day_and_a_pair_renews_without_a_gap()
    {
        // The demo trusteeships run to 2027-07-31: counted on their last day, not the day after.
        Assert.Contains("9/9", (await _cli.RunAsync("compliance", "--city", "qingyuan", "--as-of", "2027-07-31")).Out);
        var after = await _cli.RunAsync("compliance", "--city", "qingyuan", "--as-of", "2027-08-01", "--json");
        var trusteeship = JsonDocument.Parse(after.Out).RootElement[0].GetProperty("programs").EnumerateArray()
            .Single(p => p.GetProperty("program").GetString() == "county-trusteeship");
        Assert.Equal(0, trusteeship.GetProperty("actual").GetInt32());
        var bad = await _cli.RunAsync("compliance", "--as-of", "2027-13-01");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("--as-of", bad.Err);

        // Renewed before the end, approved and signed beside the running agreement, the pair counts on 2027-08-01.
        var renew = await _cli.RunAsync("agreements", "renew", "441800-TG-2024-001", "--as", "qy.c01", "--now", "2027-06-01");
        Assert.Equal(0, renew.Exit);
        Assert.Contains("2027-08-01～2030-07-31", renew.Out);
        var number = System.Text.RegularExpressions.Regex.Match(renew.Out, @"441800-TG-2027-\d{3}").Value;
        foreach (var (user, action) in new[] { ("qy.c01", "submit"), ("qy.lianshan", "approve"), ("qy.qingcheng", "approve"), ("qy.city", "approve"), ("qy.g01.sign", "sign"), ("qy.c01.sign", "sign") })
        {
            var step = await _cli.RunAsync("act", number, action, "--as", user, "--now", "2027-06-02");
            Assert.True(step.Exit == 0, step.Err);
        }
        Assert.Contains("1/9", (await _cli.RunAsync("compliance", "--city", "qingyuan", "--as-of", "2027-08-01")).Out);

        // The day after the term the old agreements leave 履行中 by themselves and wait for a final evaluation.
        Assert.Equal(0, (await _cli.RunAsync("timers", "run", "--now", "2027-08-02")).Exit);
        var show = await _cli.RunAsync("agreements", "show", "441800-TG-2024-001", "--as", "qy.city", "--json");
        Assert.Equal("final_evaluation", JsonDocument.Parse(show.Out).RootElement.GetProperty("summary").GetProperty("state").GetString());
        Assert.Contains("终期评估", (await _cli.RunAsync("tasks", "--as", "qy.lianshan", "--now", "2027-08-02")).Out);
    }

    [Fact]
    public async Task Listings_respect_who_is_asking()
    {
        var city = JsonDocument.Parse((await _cli.RunAsync("agreements", "list", "--as", "qy.city", "--json")).Out).RootElement;
        var school = JsonDocument.Parse((await _cli.RunAsync("agreements", "list", "--as", "qy.g01", "--json")).Out).RootElement;
        Assert.True(city.GetArrayLength() > 12);
        Assert.True(school.GetArrayLength() >= 1 && school.GetArrayLength() < city.GetArrayLength());
        Assert.All(school.EnumerateArray(), a => Assert.Contains(a.GetProperty("parties").EnumerateArray(), p => p.GetProperty("code").GetString() == "QY-G01"));

        var unknown = await _cli.RunAsync("tasks", "--as", "nobody");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("用户 nobody 不存在", unknown.Err);
        Assert.Contains("字段：as", unknown.Err);
    }

    [Fact]
    public async Task Acting_errors_name_the_field_and_a_repeated_key_runs_once()
    {
        var number = JsonDocument.Parse((await _cli.RunAsync("agreements", "list", "--as", "qy.city", "--state", "county_review", "--json")).Out)
            .RootElement[0].GetProperty("number").GetString()!;
        var county = (await _cli.RunAsync("agreements", "show", number, "--as", "qy.city", "--json"));
        var reviewer = JsonDocument.Parse(county.Out).RootElement.GetProperty("summary").GetProperty("parties")[0].GetProperty("county").GetString();
        var bureau = $"qy.{reviewer}";

        var noReason = await _cli.RunAsync("act", number, "return", "--as", bureau);
        Assert.Equal(1, noReason.Exit);
        Assert.Contains("字段：comment", noReason.Err);

        var first = await _cli.RunAsync("act", number, "return", "--as", bureau, "--comment", "请补充经费", "--key", "k-1");
        Assert.Equal(0, first.Exit);
        var second = await _cli.RunAsync("act", number, "return", "--as", bureau, "--comment", "请补充经费", "--key", "k-1");
        Assert.Equal(0, second.Exit);
        Assert.Contains("重复请求", second.Out);
        var journal = JsonDocument.Parse((await _cli.RunAsync("agreements", "show", number, "--as", bureau, "--json")).Out)
            .RootElement.GetProperty("journal").EnumerateArray().Count(j => j.TryGetProperty("action", out var a) && a.GetString() == "return");
        Assert.Equal(1, journal);
    }

    [Fact]
    public async Task Timers_make_reports_overdue_and_audit_detects_tampering()
    {
        Assert.Equal(0, (await _cli.RunAsync("timers", "run", "--now", "2024-09-02")).Exit);
        var run = await _cli.RunAsync("timers", "run", "--now", "2025-02-17");
        Assert.Equal(0, run.Exit);
        Assert.Contains("触发", run.Out);
        var tasks = await _cli.RunAsync("tasks", "--as", "qy.c01", "--now", "2025-02-17");
        Assert.Contains("已逾期", tasks.Out);

        Assert.Equal(0, (await _cli.RunAsync("audit", "verify")).Exit);
        await using (var conn = new SqliteConnection(_cli.Db))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "UPDATE wf_journal SET Comment = '已篡改' WHERE Id = (SELECT MIN(Id) + 5 FROM wf_journal)";
            var refused = await Assert.ThrowsAsync<SqliteException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message);
            await using var drop = conn.CreateCommand();
            drop.CommandText = "DROP TRIGGER wf_journal_no_update";
            await drop.ExecuteNonQueryAsync();
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        var audit = await _cli.RunAsync("audit", "verify");
        Assert.Equal(1, audit.Exit);
        Assert.Contains("记录被修改", audit.Err);
    }
}
