using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;

namespace Pairing.Workflows.Tests;

/// <summary>The real store, in a process that dies the moment a step has committed: the step's own run of its
/// after-commit effects never starts (its first move, claiming the effect, "kills" the process).</summary>
public sealed class KilledAfterCommitStore(IWorkflowStore inner) : IWorkflowStore
{
    public sealed class KilledException() : Exception("kill -9 after commit");

    public Task<IWorkflowSession> BeginStepAsync(CancellationToken ct) => inner.BeginStepAsync(ct);
    public Task<IJournalSnapshot> OpenSnapshotAsync(CancellationToken ct) => inner.OpenSnapshotAsync(ct);
    public Task<DefinitionRecord?> FindDefinitionAsync(string id, int version, CancellationToken ct) => inner.FindDefinitionAsync(id, version, ct);
    public Task<int?> LatestVersionAsync(string id, CancellationToken ct) => inner.LatestVersionAsync(id, ct);
    public Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct) => inner.FindIdempotencyAsync(key, ct);
    public Task<IReadOnlyList<Guid>> ClaimTimersAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct) =>
        inner.ClaimTimersAsync(now, leaseUntil, worker, batch, ct);
    public Task<bool> IsClaimedByAsync(Guid timerId, string worker, CancellationToken ct) => inner.IsClaimedByAsync(timerId, worker, ct);
    public Task ReleaseTimerAsync(Guid timerId, string worker, CancellationToken ct) => inner.ReleaseTimerAsync(timerId, worker, ct);
    public Task<IReadOnlyList<Guid>> ClaimEffectsAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct) =>
        throw new KilledException();
    public Task<bool> ClaimEffectAsync(Guid id, DateTime now, DateTime leaseUntil, string worker, CancellationToken ct) => throw new KilledException();
    public bool IsRaceLost(Exception ex) => inner.IsRaceLost(ex);
}
