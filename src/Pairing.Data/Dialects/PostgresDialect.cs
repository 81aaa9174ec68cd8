using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Pairing.Data.Dialects;

/// <summary>PostgreSQL: steps run at READ COMMITTED with the instance version as the optimistic check; timers and
/// outbox effects are claimed with FOR UPDATE SKIP LOCKED so concurrent workers never take the same row; rules that span instances
/// take a transaction-scoped advisory lock.</summary>
public sealed class PostgresDialect : IDatabaseDialect
{
    public bool BatchesStepReads => true;

    public Task<IDbContextTransaction> BeginStepAsync(DbContext db, CancellationToken ct)
    {
        // A step saves once and commits or rolls back as a whole: EF's savepoint around SaveChanges buys nothing.
        db.Database.AutoSavepointsEnabled = false;
        return db.Database.BeginTransactionAsync(ct);
    }

    public Task LockAsync(DbContext db, string key, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);

    public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct) =>
        // A timer whose instance has an earlier pending timer waits, even when that one is claimed by another worker:
        // an instance's timers fire in due order. RETURNING does not keep the subquery's order, hence the outer sort.
        await db.Database.SqlQuery<Guid>($"""
            WITH claimed AS (
                UPDATE wf_timers SET "ClaimedBy" = {worker}, "ClaimedUntil" = {leaseUntil}
                WHERE "Id" IN (
                    SELECT t."Id" FROM wf_timers t
                    WHERE t."Status" = 'pending' AND t."DueAt" <= {now} AND (t."ClaimedUntil" IS NULL OR t."ClaimedUntil" < {now})
                      AND NOT EXISTS (
                        SELECT 1 FROM wf_timers e
                        WHERE e."InstanceId" = t."InstanceId" AND e."Status" = 'pending' AND e."Id" <> t."Id"
                          AND (e."DueAt" < t."DueAt" OR (e."DueAt" = t."DueAt" AND e."TimerId" < t."TimerId")))
                    ORDER BY t."DueAt" LIMIT {batch}
                    FOR UPDATE OF t SKIP LOCKED)
                  AND "Status" = 'pending'
                RETURNING "Id", "DueAt")
            SELECT "Id" AS "Value" FROM claimed ORDER BY "DueAt"
            """).ToListAsync(ct);

    public async Task<IReadOnlyList<Guid>> ClaimEffectsAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct) =>
        await db.Database.SqlQuery<Guid>($"""
            WITH claimed AS (
                UPDATE wf_outbox SET "ClaimedBy" = {worker}, "ClaimedUntil" = {leaseUntil}
                WHERE "Id" IN (
                    SELECT "Id" FROM wf_outbox
                    WHERE "Status" = 'pending' AND "NextAttemptAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                    ORDER BY "NextAttemptAt" LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id", "NextAttemptAt")
            SELECT "Id" AS "Value" FROM claimed ORDER BY "NextAttemptAt"
            """).ToListAsync(ct);

    /// <summary>Any fixed key distinct from hashtext() values of rule locks would do; this one spells "PAIRSET".</summary>
    private const long InstanceSetLock = 0x5041495253455400;

    public Task LockInstanceSetAsync(DbContext db, bool exclusive, CancellationToken ct) => exclusive
        ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({InstanceSetLock})", ct)
        : db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({InstanceSetLock})", ct);

    public Task<IDbContextTransaction> BeginSnapshotAsync(DbContext db, CancellationToken ct) =>
        db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

    public bool IsRaceLost(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is PostgresException p && p.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected)
                return true;
        return false;
    }
}
