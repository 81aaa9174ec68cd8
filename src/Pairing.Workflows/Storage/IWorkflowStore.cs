using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Storage;

/// <summary>The engine's persistence. The engine knows nothing of the database behind it: the host supplies a store
/// (Pairing.Data has one over EF Core for SQLite and PostgreSQL). Everything a step does goes through one
/// <see cref="IWorkflowSession"/>; the rest are single operations outside any step.</summary>
public interface IWorkflowStore
{
    /// <summary>Starts a step: one transaction, written only by <see cref="IWorkflowSession.CommitAsync"/>.</summary>
    Task<IWorkflowSession> BeginStepAsync(CancellationToken ct);

    /// <summary>A read-only view in which every read sees the same committed state, for audits that must not mistake
    /// a concurrent step for tampering.</summary>
    Task<IJournalSnapshot> OpenSnapshotAsync(CancellationToken ct);

    Task<DefinitionRecord?> FindDefinitionAsync(string id, int version, CancellationToken ct);
    Task<int?> LatestVersionAsync(string id, CancellationToken ct);
    Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct);

    /// <summary>Claims up to <paramref name="batch"/> due timers for a worker until the lease ends, oldest first;
    /// concurrent workers never claim the same timer.</summary>
    Task<IReadOnlyList<Guid>> ClaimTimersAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct);
    Task<bool> IsClaimedByAsync(Guid timerId, string worker, CancellationToken ct);
    Task ReleaseTimerAsync(Guid timerId, CancellationToken ct);

    /// <summary>Whether an exception means another step won a race (a concurrency check, a unique key, a
    /// serialization failure): the caller reports a conflict or tries again.</summary>
    bool IsRaceLost(Exception ex);
}
