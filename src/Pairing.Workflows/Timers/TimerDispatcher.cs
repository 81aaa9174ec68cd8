using System.Text.Json.Nodes;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Timers;

public sealed record TimerRunReport(int Claimed, int Fired, int Skipped, IReadOnlyList<string> Errors);

/// <summary>Fires due timers. Any number of dispatchers may run against one database: a worker first claims a batch
/// (a lease, taken with SKIP LOCKED on PostgreSQL), then fires each timer in its own step whose final write is
/// conditional on the timer still being pending, so each timer fires exactly once. Timers that fell due while
/// nothing was running are simply due now and fire oldest first.</summary>
public sealed class TimerDispatcher(EngineParts parts, WorkflowEngine engine)
{
    private readonly EffectRunner _effects = new(parts);

    public async Task<TimerRunReport> RunDueAsync(string worker, int batchSize = 100, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        int claimedTotal = 0, fired = 0, skipped = 0;
        var errors = new List<string>();
        while (!ct.IsCancellationRequested)
        {
            var now = parts.UtcNow;
            var claimed = await parts.Store.ClaimTimersAsync(now, now + parts.Options.TimerLease, worker, batchSize, ct);
            if (claimed.Count == 0) break;
            claimedTotal += claimed.Count;
            foreach (var id in claimed)
            {
                try
                {
                    if (await FireWithRetryAsync(id, worker, ct)) fired++; else skipped++;
                }
                catch (WorkflowException ex)
                {
                    errors.Add($"{id}: {ex.Message}");
                    await ReleaseAsync(id, ct);
                }
                progress?.Report(fired + skipped);
            }
            if (claimed.Count < batchSize) break;
        }
        return new TimerRunReport(claimedTotal, fired, skipped, errors);
    }

    /// <summary>A step on the same instance may commit between our read and our write (a user's action, or another
    /// worker's timer). The timer is still ours and pending then, so it is tried again on the fresh state.</summary>
    private async Task<bool> FireWithRetryAsync(Guid timerId, string worker, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FireAsync(timerId, worker, ct) is bool done) return done;
            if (!await parts.Store.IsClaimedByAsync(timerId, worker, ct)) return false;
            if (attempt == 5)
            {
                // Give it back so that the next run takes it up instead of waiting for the lease to end.
                await ReleaseAsync(timerId, ct);
                return false;
            }
        }
    }

    /// <summary>Fires one claimed timer. Returns false when someone else fired it or its state was already left, and
    /// null when a concurrent step on the same instance won the race.</summary>
    private async Task<bool?> FireAsync(Guid timerId, string worker, CancellationToken ct)
    {
        var pending = new List<PendingEffect>();
        try
        {
            await using var session = await parts.Store.BeginStepAsync(ct);
            var timer = await session.TimerAsync(timerId, ct);
            if (timer is null || timer.Status != TimerStatus.Pending || timer.ClaimedBy != worker) return false;
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
        }
        catch (Exception ex) when (parts.Store.IsRaceLost(ex))
        {
            return null;
        }
        await _effects.RunAsync(pending, ct);
        return true;
    }

    private Task ReleaseAsync(Guid timerId, CancellationToken ct) => parts.Store.ReleaseTimerAsync(timerId, ct);
}
