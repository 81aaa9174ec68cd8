using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

/// <summary>SQLite's writer commits the steps that queued behind one another together. What a caller relies on: a step
/// returns (or fails) only once the work it did or could read is committed, a failing step in a group takes nothing of
/// the others with it, and a caller that gives up while waiting for its turn leaves at once without blocking the rest.</summary>
public sealed class GroupCommitTests
{
    // Long enough for the other calls to reach the writer's queue: they only build a DbContext on the way.
    private static readonly TimeSpan Queued = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_step_returns_only_after_the_group_holding_it_is_committed_and_a_failed_step_leaves_the_others_whole()
    {
        await using var f = await EngineFixture.CreateAsync(TestDatabase.Sqlite);
        var (a, b, c) = (await f.StartAsync(), await f.StartAsync(), await f.StartAsync());
        var aHolds = new TaskCompletionSource();
        var aGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cHolds = new TaskCompletionSource();
        var cGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = f.Engine.ExecuteAsync(a, "submit", f.Owner, new ActionRequest("a", WithinStep: async (_, _) =>
        {
            aHolds.SetResult();
            await aGo.Task;
        }));
        await aHolds.Task;
        var failing = f.Engine.ExecuteAsync(b, "submit", f.Owner, new ActionRequest("b",
            WithinStep: (_, _) => throw new InvalidOperationException("宿主保存失败")));
        var third = f.Engine.ExecuteAsync(c, "submit", f.Owner, new ActionRequest("c", WithinStep: async (_, _) =>
        {
            cHolds.SetResult();
            await cGo.Task;
        }));
        await Task.Delay(Queued);

        aGo.SetResult();
        await cHolds.Task;
        // A's step is done, but the transaction holding it is still open under C: A must not have returned yet, and
        // neither has B, which failed but may have read A's work.
        await Task.Delay(200);
        Assert.False(first.IsCompleted);
        Assert.False(failing.IsCompleted);
        Assert.Equal("draft", await StateOnDiskAsync(f, a));

        cGo.SetResult();
        Assert.Equal("宿主保存失败", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal("review", (await first).ToState);
        Assert.Equal("review", (await third).ToState);
        Assert.Equal(("review", "draft", "review"), (await StateOnDiskAsync(f, a), await StateOnDiskAsync(f, b), await StateOnDiskAsync(f, c)));
        await using var db = f.Db();
        Assert.Equal(0, await db.Set<IdempotencyRecord>().CountAsync(r => r.Key == "b"));
        Assert.Equal(1, await db.Journal.CountAsync(j => j.InstanceId == b));
        Assert.True((await f.VerifyJournalAsync()).Intact);
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_waiting_for_its_turn_leaves_at_once_and_the_writer_goes_on()
    {
        await using var f = await EngineFixture.CreateAsync(TestDatabase.Sqlite);
        var (a, b, c) = (await f.StartAsync(), await f.StartAsync(), await f.StartAsync());
        var aHolds = new TaskCompletionSource();
        var aGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = f.Engine.ExecuteAsync(a, "submit", f.Owner, new ActionRequest("a", WithinStep: async (_, _) =>
        {
            aHolds.SetResult();
            await aGo.Task;
        }));
        await aHolds.Task;

        using var giveUp = new CancellationTokenSource();
        var abandoned = f.Engine.ExecuteAsync(b, "submit", f.Owner, new ActionRequest("b"), giveUp.Token);
        var waiting = f.Engine.ExecuteAsync(c, "submit", f.Owner, new ActionRequest("c"));
        await Task.Delay(Queued);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.False(first.IsCompleted);

        aGo.SetResult();
        await Task.WhenAll(first, waiting);
        Assert.Equal(("review", "draft", "review"), (await StateOnDiskAsync(f, a), await StateOnDiskAsync(f, b), await StateOnDiskAsync(f, c)));
        Assert.Equal("review", (await f.ActAsync(b, "submit", f.Owner)).ToState);
    }

    [Fact]
    public async Task Many_concurrent_callers_mixing_refused_and_accepted_actions_keep_every_accepted_one_and_nothing_else()
    {
        await using var f = await EngineFixture.CreateAsync(TestDatabase.Sqlite);
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++) ids.Add(await f.StartAsync());
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
        {
            foreach (var id in ids.Where((_, i) => i % 8 == client))
            {
                // The bureau may not submit a draft: refused inside the step, between the accepted steps of others.
                var error = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "submit", f.Bureau));
                Assert.Equal(WorkflowErrorKind.Forbidden, error.Kind);
                Interlocked.Increment(ref refused);
                await f.ActAsync(id, "submit", f.Owner);
                await f.ActAsync(id, "approve", f.Bureau);
            }
        })));

        Assert.Equal(40, refused);
        await using var db = f.Db();
        Assert.Equal(40, await db.Instances.CountAsync(i => ids.Contains(i.Id) && i.State == "signing" && i.Version == 3));
        Assert.Equal(80, await db.Set<IdempotencyRecord>().CountAsync());
        Assert.True((await f.VerifyJournalAsync()).Intact);
    }

    /// <summary>The state as another connection sees it: only committed work.</summary>
    private static async Task<string> StateOnDiskAsync(EngineFixture f, Guid id)
    {
        await using var db = f.Db();
        return await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.State).SingleAsync();
    }
}
