using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Testing;

namespace Pairing.Cli.Tests;

/// <summary>`pairing seed --city qingyuan` as a real process, killed with SIGKILL part-way (twice), then run again to
/// the end: the database is the one an uninterrupted seed makes.</summary>
public sealed class SeedKillTests : IDisposable
{
    // Both seeds run on the same day, so the same report periods and reminders are due; each run later than the one
    // before, as real runs are (the signing keys the first run made must not date from after the next run's start).
    private static string At(int minute) => $"2026-11-20T04:{minute:00}:00Z";

    private readonly CliRunner _killed = new();
    private readonly CliRunner _whole = new();

    [Fact]
    public async Task Seed_killed_part_way_and_run_again_makes_the_same_demo_as_an_uninterrupted_seed()
    {
        // The uninterrupted seed runs beside the killed ones (in this process; they run in their own).
        var uninterrupted = _whole.RunAsync("seed", "--city", "qingyuan", "--now", At(0));

        // Just after the fifth agreement (while the sixth is drafted, approved or signed), then a second after the
        // 23rd (while the 24th is walked or its reports' timers fire).
        await KillWhenAsync("示范协议 5/26", TimeSpan.Zero, At(0));
        Assert.InRange(await AgreementsAsync(_killed), 5, 25);
        await KillWhenAsync("示范协议 23/26", TimeSpan.FromSeconds(1), At(10));
        Assert.InRange(await AgreementsAsync(_killed), 23, 26);

        var rest = await _killed.RunAsync("seed", "--city", "qingyuan", "--now", At(20));
        Assert.True(rest.Exit == 0, rest.Err);
        Assert.Matches(@"26 份示范协议（本次起草 [0-3] 份", rest.Out);
        Assert.Equal(0, (await _killed.RunAsync("audit", "verify")).Exit);

        var whole = await uninterrupted;
        Assert.True(whole.Exit == 0, whole.Err);
        Assert.Contains("26 份示范协议（本次起草 26 份", whole.Out);
        var expected = await FingerprintAsync(_whole);
        Assert.Equal(26, expected.Count(l => l.StartsWith("agreement ", StringComparison.Ordinal)));
        Assert.Equal(expected, await FingerprintAsync(_killed));

        // Once finished, seeding again changes nothing.
        var again = await _killed.RunAsync("seed", "--city", "qingyuan", "--now", At(30));
        Assert.Contains("26 份示范协议（本次起草 0 份，执行 0 个流程动作）", again.Out);
        Assert.Equal(expected, await FingerprintAsync(_killed));
    }

    /// <summary>Runs `pairing seed` in its own process and kills it (SIGKILL) the given time after it reports the marker.</summary>
    private async Task KillWhenAsync(string marker, TimeSpan after, string now)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pairing.dll");
        var info = new ProcessStartInfo("dotnet", [dll, "seed", "--city", "qingyuan", "--now", now, "--db", _killed.Db])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var seen = new TaskCompletionSource();
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Watch(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lines.Enqueue(e.Data);
            if (e.Data.Contains(marker, StringComparison.Ordinal)) seen.TrySetResult();
        }
        process.OutputDataReceived += Watch;
        process.ErrorDataReceived += Watch;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var first = await Task.WhenAny(seen.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(first == seen.Task, $"seed ended or stalled before「{marker}」:\n{string.Join("\n", lines.TakeLast(20))}");
            await Task.Delay(after);
            Assert.False(process.HasExited, $"seed ended within {after} after「{marker}」");
        }
        finally
        {
            // Process.Kill is SIGKILL on Linux: no clean-up runs, like kill -9.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.NotEqual(0, process.ExitCode);
    }

    private static async Task<int> AgreementsAsync(CliRunner cli)
    {
        await using var db = new PairingDatabase(cli.Db).Create();
        return await db.Agreements.CountAsync();
    }

    private static async Task<List<string>> FingerprintAsync(CliRunner cli)
    {
        await using var db = new PairingDatabase(cli.Db).Create();
        return await DemoFingerprint.OfAsync(db);
    }

    public void Dispose()
    {
        _killed.Dispose();
        _whole.Dispose();
    }
}
