using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Tests;

public sealed class TimerTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Timers_fire_once_at_their_time_and_never_after_their_state_is_left(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync(dueDate: "2024-10-31");
        var left = await f.StartAsync(dueDate: "2024-10-31");
        await f.ActAsync(id, "submit", f.Owner);
        await f.ActAsync(left, "submit", f.Owner);
        await f.ActAsync(left, "approve", f.Bureau);

        f.Clock.SetLocal(2024, 10, 16);
        Assert.Equal(0, (await f.Timers.RunDueAsync("w")).Fired);
        f.Clock.SetLocal(2024, 10, 17);
        Assert.Equal(1, (await f.Timers.RunDueAsync("w")).Fired);
        Assert.Single(f.Plugins.Notify.Delivered, k => k.Contains("timer:remind"));
        f.Clock.SetLocal(2024, 11, 1, 0);
        Assert.Equal(1, (await f.Timers.RunDueAsync("w")).Fired);
        Assert.Equal(0, (await f.Timers.RunDueAsync("w")).Fired);

        await using var db = f.Db();
        Assert.Equal("late", (await db.Instances.SingleAsync(i => i.Id == id)).State);
        var journal = await db.Journal.Where(j => j.InstanceId == id).OrderBy(j => j.Seq).ToListAsync();
        Assert.Equal(("expire", "system"), (journal[^1].Action, journal[^1].ActorId));
        Assert.All(await db.Timers.Where(t => t.InstanceId == left).ToListAsync(), t => Assert.Equal(TimerStatus.Cancelled, t.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_dispatchers_fire_every_timer_exactly_once_after_downtime(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var id = await f.StartAsync(dueDate: new DateOnly(2024, 10, 1).AddDays(i).ToString("yyyy-MM-dd"));
            await f.ActAsync(id, "submit", f.Owner);
            ids.Add(id);
        }

        // The service was down for a year: every reminder and every expiry is past due.
        f.Clock.SetLocal(2025, 10, 1);
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() => f.Timers.RunDueAsync($"worker-{n}", batchSize: 5))));
        Assert.All(reports, r => Assert.Empty(r.Errors));
        Assert.Equal(0, (await f.Timers.RunDueAsync("late-worker")).Claimed);

        // Exactly once and in due order: every reminder fired before its instance expired, never twice, and nothing is
        // left pending.
        await using var db = f.Db();
        var timers = await db.Timers.ToListAsync();
        var stuck = timers.Where(t => t.Status == TimerStatus.Pending).ToList();
        if (stuck.Count > 0)
        {
            var j = await db.Journal.Where(x => x.InstanceId == stuck[0].InstanceId).OrderBy(x => x.Seq).Select(x => x.Kind + ":" + x.Action + ":" + x.ToState).ToListAsync();
            var all = await db.Timers.Where(x => x.InstanceId == stuck[0].InstanceId).Select(x => x.TimerId + ":" + x.Status + ":" + x.ClaimedBy).ToListAsync();
            Assert.Fail($"stuck {stuck[0].TimerId}; reports {string.Join(" | ", reports.Select(r => $"{r.Claimed}/{r.Fired}/{r.Skipped}"))}; journal {string.Join(", ", j)}; timers {string.Join(", ", all)}");
        }
        Assert.All(timers, t => Assert.Equal(TimerStatus.Fired, t.Status));
        var firedReminders = timers.Count(t => t.TimerId == "remind");
        Assert.Equal(20, firedReminders);
        Assert.Equal(reports.Sum(r => r.Fired), 20 + firedReminders);
        Assert.Equal(firedReminders, f.Plugins.Notify.Delivered.Count);
        Assert.All(await db.Outbox.ToListAsync(), e => Assert.Equal(OutboxStatus.Done, e.Status));
        Assert.Equal(firedReminders, f.Plugins.Notify.Delivered.Distinct().Count());
        foreach (var id in ids)
        {
            Assert.Equal("late", (await db.Instances.SingleAsync(i => i.Id == id)).State);
            Assert.Single(await db.Journal.Where(j => j.InstanceId == id && j.Action == "expire").ToListAsync());
            Assert.Equal(["started", "action", "timer", "action"], await db.Journal.Where(j => j.InstanceId == id).OrderBy(j => j.Seq).Select(j => j.Kind).ToListAsync());
        }

        // One run after downtime fires an instance's timers one after another, in due order.
        var single = await f.StartAsync(dueDate: "2025-11-30");
        await f.ActAsync(single, "submit", f.Owner);
        f.Clock.SetLocal(2026, 6, 1);
        Assert.Equal(2, (await f.Timers.RunDueAsync("only-worker")).Fired);
        var kinds = await db.Journal.Where(j => j.InstanceId == single).OrderBy(j => j.Seq).Select(j => j.Kind).ToListAsync();
        Assert.Equal(["started", "action", "timer", "action"], kinds);
    }
}
