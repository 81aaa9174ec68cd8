using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

/// <summary>What a process killed at the worst moment leaves behind, and how promptly other workers take it over.</summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_effect_whose_process_died_right_after_commit_is_delivered_by_the_next_worker(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();
        await f.ActAsync(id, "submit", f.Owner);

        var dying = f.Parts with { Store = new KilledAfterCommitStore(f.Parts.Store) };
        await Assert.ThrowsAsync<KilledAfterCommitStore.KilledException>(() =>
            new WorkflowEngine(dying).ExecuteAsync(id, "approve", f.Bureau, new ActionRequest("approve-once")));
        Assert.Empty(f.Plugins.Notify.Delivered);
        await using (var db = f.Db())
        {
            Assert.Equal("signing", (await db.Instances.SingleAsync(i => i.Id == id)).State);
            var row = await db.Outbox.SingleAsync();
            Assert.Equal((OutboxStatus.Pending, 0), (row.Status, row.Attempts));
        }

        // A timer worker running a moment later (the committing process would have had its chance by then) delivers it.
        Assert.Equal(0, (await f.Timers.RunDueAsync("other")).Effects.Delivered);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (await f.Timers.RunDueAsync("other")).Effects.Delivered);
        Assert.Single(f.Plugins.Notify.Delivered);
        Assert.Equal(0, (await f.Timers.RunDueAsync("other")).Effects.Delivered);

        // The same key repeated after the crash replays the outcome and schedules nothing new.
        Assert.True((await f.ActAsync(id, "approve", f.Bureau, key: "approve-once")).Repeated);
        await using var check = f.Db();
        Assert.Equal(1, await check.Outbox.CountAsync());
        Assert.Equal(OutboxStatus.Done, (await check.Outbox.SingleAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Claims_of_a_killed_worker_are_taken_over_when_their_short_lease_ends(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        for (var i = 0; i < 3; i++) await f.ActAsync(await f.StartAsync(dueDate: "2024-10-31"), "submit", f.Owner);
        f.Clock.SetLocal(2024, 10, 20);

        // A worker claims every due reminder and is killed before firing any of them.
        var now = f.Parts.UtcNow;
        Assert.Equal(3, (await f.Parts.Store.ClaimTimersAsync(now, now + f.Parts.Options.ClaimLease, "killed", 100, default)).Count);
        Assert.Equal(0, (await f.Timers.RunDueAsync("survivor")).Claimed);
        f.Clock.Advance(f.Parts.Options.ClaimLease + TimeSpan.FromSeconds(1));
        var report = await f.Timers.RunDueAsync("survivor");
        Assert.Equal((3, 3), (report.Claimed, report.Fired));
        Assert.Equal(3, f.Plugins.Notify.Delivered.Count);
        Assert.True(f.Parts.Options.ClaimLease <= TimeSpan.FromSeconds(30));

        // The same for an outbox effect claimed by a worker that died while running it.
        f.Plugins.Notify.FailuresLeft = 1;
        var id = await f.ToSigningAsync();
        f.Clock.Advance(TimeSpan.FromSeconds(31));
        now = f.Parts.UtcNow;
        Assert.Single(await f.Parts.Store.ClaimEffectsAsync(now, now + f.Parts.Options.ClaimLease, "killed", 100, default));
        Assert.Equal(0, (await f.Outbox.RunDueAsync("survivor")).Delivered);
        f.Clock.Advance(f.Parts.Options.ClaimLease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await f.Outbox.RunDueAsync("survivor")).Delivered);
        Assert.Contains(f.Plugins.Notify.Delivered, k => k.Contains(id.ToString("N")));
    }
}
