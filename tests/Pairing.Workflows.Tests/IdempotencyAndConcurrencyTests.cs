using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

public sealed class IdempotencyAndConcurrencyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_repeated_key_returns_the_first_outcome_even_when_sent_concurrently(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();
        var first = await f.ActAsync(id, "submit", f.Owner, key: "k1");
        var second = await f.ActAsync(id, "submit", f.Owner, key: "k1");
        Assert.True(second.Repeated);
        Assert.Equal((first.ToState, first.Version), (second.ToState, second.Version));
        var reused = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "approve", f.Bureau, key: "k1"));
        Assert.Equal((WorkflowErrorKind.Conflict, "idempotencyKey"), (reused.Kind, reused.Field));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => f.ActAsync(id, "approve", f.Bureau, key: "k2")));
        Assert.Single(outcomes, o => !o.Repeated);
        Assert.All(outcomes, o => Assert.Equal("signing", o.ToState));
        await using var db = f.Db();
        Assert.Single(await db.Journal.Where(j => j.InstanceId == id && j.Action == "approve").ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_two_concurrent_actions_exactly_one_wins_and_the_other_gets_a_conflict(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();
        await f.ActAsync(id, "submit", f.Owner);
        var results = await Task.WhenAll(new[] { "approve", "return" }.Select(async action =>
        {
            try { return (ToState: (string?)(await f.ActAsync(id, action, f.Bureau, comment: "意见", expectedVersion: 2)).ToState, Kind: (WorkflowErrorKind?)null); }
            catch (WorkflowException ex) { return (ToState: (string?)null, Kind: (WorkflowErrorKind?)ex.Kind); }
        }));
        var winner = Assert.Single(results, r => r.Kind is null);
        Assert.Equal(WorkflowErrorKind.Conflict, Assert.Single(results, r => r.Kind is not null).Kind);

        await using var db = f.Db();
        var instance = await db.Instances.SingleAsync(i => i.Id == id);
        Assert.Equal((winner.ToState, 3), (instance.State, instance.Version));
        Assert.Equal(3, await db.Journal.CountAsync(j => j.InstanceId == id));

        var stale = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "pause", f.Bureau, expectedVersion: 2));
        Assert.Equal((WorkflowErrorKind.Conflict, "version"), (stale.Kind, stale.Field));
    }
}
