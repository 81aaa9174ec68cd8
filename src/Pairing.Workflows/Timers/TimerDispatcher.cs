using System.Text.Json.Nodes;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Timers;

public sealed record TimerRunReport(int Claimed, int Fired, int Skipped, IReadOnlyList<string> Errors, OutboxRunReport Effects);

/// <summary>Fires due timers, then runs what waits in the effect outbox. Any number of dispatchers may run against one
/// database. A worker claims a batch with a short lease (SKIP LOCKED on PostgreSQL), and only the earliest pending
/// timer of each instance is ever claimable, so an instance's timers fire one after another in due order however
/// many workers run. Each timer fires in its own step, which checks the timer is still pending and ours and bumps the
/// instance version, so it fires exactly once. A worker that has held its batch for most of the lease gives the rest
/// back; a worker that died loses its claims when the lease ends. Timers that fell due while nothing ran are simply
/// due now.</summary>
public sealed class TimerDispatcher(EngineParts parts, WorkflowEngine engine)
{
    private readonly EffectOutbox _effects = new(parts);

    public async Task<TimerRunReport> RunDueAsync(string worker, int batchSize = 100, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        int claimedTotal = 0, fired = 0, skipped = 0;
        var errors = new List<string>();
        while (!ct.IsCancellationRequested)
        {
            var now = parts.UtcNow;
            var giveBackAt = now + parts.Options.ClaimLease * 2 / 3;
            var claimed = await parts.Store.ClaimTimersAsync(now, now + parts.Options.ClaimLease, worker, batchSize, ct);
            EngineTelemetry.TimersClaimed(claimed.Count);
            if (claimed.Count == 0) break;
            claimedTotal += claimed.Count;
            foreach (var id in claimed)
            {
                if (parts.UtcNow >= giveBackAt || ct.IsCancellationRequested)
                {
                    await parts.Store.ReleaseTimerAsync(id, worker, CancellationToken.None);
                    continue;
                }
                try
                {
                    if (await FireWithRetryAsync(id, worker, ct)) fired++; else skipped++;
                }
                catch (WorkflowException ex)
                {
                    // Kept claimed: tried again when the lease ends, not over and over within this run.
                    errors.Add($"{id}: {ex.Message}");
                }
                progress?.Report(fired + skipped);
            }
            // No stop on a short batch: firing a timer makes its instance's next due timer claimable.
        }
        var effects = await _effects.RunDueAsync(worker, ct: ct);
        return new TimerRunReport(claimedTotal, fired, skipped, errors, effects);
    }

    /// <summary>A step on the same instance may commit between our read and our write (a user's action, or another
    /// worker's timer). The timer is still ours and pending then, so it is tried again on the fresh state.</summary>
    private async Task<bool> FireWithRetryAsync(Guid timerId, string worker, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FireAsync(timerId, worker, ct) is bool done) return done;
            if (!await parts.Store.IsClaimedByAsync(timerId, worker, ct)) return false;
            // Still claimed: the next claim after the lease ends tries again.
            if (attempt == 5) return false;
        }
    }

    /// <summary>Fires one claimed timer. Returns false when someone else fired it or its state was already left, and
    /// null when a concurrent step on the same instance won the race.</summary>
    private async Task<bool?> FireAsync(Guid timerId, string worker, CancellationToken ct)
    {
        using var telemetry = EngineTelemetry.Step("timer", timerId);
        var pending = new List<Guid>();
        try
        {
            await using var session = await parts.Store.BeginStepAsync(ct);
            var timer = await session.TimerAsync(timerId, ct);
            if (timer is null || timer.Status != TimerStatus.Pending || timer.ClaimedBy != worker) return false;
            // Claimed for us, yet our lease ran out: another worker may hold it by now; leave it to the next claim.
            if (timer.ClaimedUntil < parts.UtcNow) return false;
            var instance = await session.InstanceAsync(timer.InstanceId, ct) ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"流程实例 {timer.InstanceId} 不存在");
            timer.Status = TimerStatus.Fired;
            timer.FiredAt = parts.UtcNow;
            if (instance.Status != InstanceStatus.Open || instance.State != timer.State)
            {
                timer.Status = TimerStatus.Cancelled;
                await session.CommitAsync(ct);
                return false;
            }
            var definition = await parts.Definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
            var timerDef = definition.State(instance.State).Timers.First(t => t.Id == timer.TimerId);
            if (timerDef.Action is { } action)
                await engine.ActAsync(session, instance, action, Actor.System, new ActionRequest($"timer:{timer.Id}"), pending, ct);
            else
            {
                var step = new Step(parts, session, instance, definition, Actor.System, parts.UtcNow, pending);
                step.Journal("timer", timer.TimerId, instance.State, instance.State, data: new JsonObject { ["timer"] = timer.TimerId });
                await step.RunEffectAsync(timerDef.Effect!, $"timer:{timer.TimerId}", ct);
                step.Finish();
            }
            await session.CommitAsync(ct);
            EngineTelemetry.TimerHandled(timer.TimerId, timer.DueAt, timer.FiredAt.Value);
        }
        catch (Exception ex) when (parts.Store.IsRaceLost(ex))
        {
            return null;
        }
        await _effects.DeliverAsync(pending, ct);
        return true;
    }


}
