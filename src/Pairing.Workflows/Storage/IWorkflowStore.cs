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

    /// <summary>Claims up to <paramref name="batch"/> due timers for a worker until the lease ends, oldest first, and
    /// of each instance only its earliest pending timer (by due time, then timer id); concurrent workers never claim
    /// the same timer.</summary>
    Task<IReadOnlyList<Guid>> ClaimTimersAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct);
    Task<bool> IsClaimedByAsync(Guid timerId, string worker, CancellationToken ct);
    /// <summary>Gives a pending timer back, if the worker still holds it.</summary>
    Task ReleaseTimerAsync(Guid timerId, string worker, CancellationToken ct);

    /// <summary>Claims up to <paramref name="batch"/> outbox effects whose next attempt is due and that nobody holds.</summary>
    Task<IReadOnlyList<Guid>> ClaimEffectsAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct);
    /// <summary>Claims one pending outbox effect, due or not, unless another worker holds it.</summary>
    Task<bool> ClaimEffectAsync(Guid id, DateTime now, DateTime leaseUntil, string worker, CancellationToken ct);

    /// <summary>Whether an exception means another step won a race (a concurrency check, a unique key, a
    /// serialization failure): the caller reports a conflict or tries again.</summary>
    bool IsRaceLost(Exception ex);
}
