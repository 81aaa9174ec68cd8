using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Tests;

/// <summary>Thousands of due timers, four dispatchers at once: each timer fires exactly once, and each instance's timers
/// fire in the order they fell due.</summary>
public sealed class ManyWorkersTimerTests
{
    private const string Ticker = """
        { "id": "ticker", "version": 1, "title": "到期提醒", "scopes": ["owner", "party", "county"], "dateFields": ["dueDate"],
          "initialState": "waiting",
          "states": [
            { "id": "waiting", "title": "等待",
              "timers": [ { "id": "first", "at": { "field": "dueDate", "offsetDays": -21 }, "effect": { "name": "test-notify" } },
                          { "id": "second", "at": { "field": "dueDate", "offsetDays": -14 }, "effect": { "name": "test-notify" } },
                          { "id": "third", "at": { "field": "dueDate", "offsetDays": -7 }, "effect": { "name": "test-notify" } },
                          { "id": "end", "at": { "field": "dueDate", "offsetDays": 0 }, "action": "expire" } ],
              "actions": [ { "id": "expire", "title": "到期", "to": "over", "roles": ["system"] } ] },
            { "id": "over", "title": "结束", "final": true } ] }
        """;

    private static readonly string[] DueOrder = ["first", "second", "third", "end"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Four_dispatchers_fire_every_due_timer_exactly_once_and_in_due_order(string provider)
    {
        // 2,400 timers on PostgreSQL, where workers truly run side by side; SQLite has one writer at a time.
        var instances = provider == TestDatabase.Postgres ? 600 : 150;
        await using var f = await EngineFixture.CreateAsync(provider);
        await f.PublishAsync(Ticker);
        // Due dates spread over two months, so the workers' batches interleave instances at every point.
        var starts = Enumerable.Range(0, instances).Select(i => new DateOnly(2024, 11, 1).AddDays(i % 60).ToString("yyyy-MM-dd")).ToList();
        await Parallel.ForEachAsync(starts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (due, _) =>
            await f.StartAsync(dueDate: due, definition: "ticker"));
        var timers = instances * DueOrder.Length;

        // The service was down for a year: every timer is past due at once.
        f.Clock.SetLocal(2025, 12, 1);
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() => f.Timers.RunDueAsync($"worker-{n}", batchSize: 25))));

        Assert.All(reports, r => Assert.Empty(r.Errors));
        Assert.Equal(timers, reports.Sum(r => r.Fired));
        await using var db = f.Db();
        var rows = await db.Timers.AsNoTracking().ToListAsync();
        Assert.Equal(timers, rows.Count(t => t.Status == TimerStatus.Fired));
        Assert.DoesNotContain(rows, t => t.Status != TimerStatus.Fired);
        Assert.True(rows.Select(t => t.ClaimedBy).Distinct().Count() > 1, "the work was shared between workers");

        var journal = await db.Journal.AsNoTracking().Where(j => j.Kind == "timer" || j.Action == "expire")
            .Select(j => new { j.InstanceId, j.Seq, j.Action }).ToListAsync();
        foreach (var instance in journal.GroupBy(j => j.InstanceId))
            Assert.Equal(["first", "second", "third", "expire"], instance.OrderBy(j => j.Seq).Select(j => j.Action == "expire" ? "expire" : j.Action!));
        Assert.Equal(instances, journal.Select(j => j.InstanceId).Distinct().Count());

        // Every reminder's after-commit effect ran once.
        var effects = await db.Outbox.AsNoTracking().ToListAsync();
        Assert.Equal(instances * 3, effects.Count);
        Assert.All(effects, e => Assert.Equal(OutboxStatus.Done, e.Status));
        Assert.Equal(instances * 3, f.Plugins.Notify.Delivered.Count);
        Assert.Equal(instances * 3, f.Plugins.Notify.Delivered.Distinct().Count());
    }
}
