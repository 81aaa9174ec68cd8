using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Pairing.Data.Dialects;

/// <summary>What differs between SQLite and PostgreSQL for the workflow store: how a step's transaction starts, how
/// timers are claimed without double firing, how cross-instance locks are taken, which errors mean "lost a race",
/// and how an audit reads one consistent snapshot.</summary>
public interface IDatabaseDialect
{
    Task<IDbContextTransaction> BeginStepAsync(DbContext db, CancellationToken ct);

    /// <summary>Whether a step reads an instance with its open tasks and timers in one statement (a server, where each
    /// statement is a round trip) or in three (in-process SQLite, where one joined query costs more).</summary>
    bool BatchesStepReads { get; }
    Task LockAsync(DbContext db, string key, CancellationToken ct);
    /// <summary>Claims due timers, oldest first, only the earliest pending timer of each instance (due time, then timer
    /// id), skipping rows another worker holds.</summary>
    Task<IReadOnlyList<Guid>> ClaimTimersAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct);
    /// <summary>Claims due outbox effects, oldest first, skipping rows another worker holds.</summary>
    Task<IReadOnlyList<Guid>> ClaimEffectsAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct);
    bool IsRaceLost(Exception ex);

    /// <summary>Steps that create instances hold this lock shared; a checkpoint holds it exclusively, so it never
    /// counts a set that an in-flight creation is about to change.</summary>
    Task LockInstanceSetAsync(DbContext db, bool exclusive, CancellationToken ct);

    /// <summary>A read-only transaction in which every query sees the same committed state.</summary>
    Task<IDbContextTransaction> BeginSnapshotAsync(DbContext db, CancellationToken ct);
}
