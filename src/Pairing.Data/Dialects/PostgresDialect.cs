using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Pairing.Data.Dialects;

/// <summary>PostgreSQL: steps run at READ COMMITTED with the instance version as the optimistic check; timers are
/// claimed with FOR UPDATE SKIP LOCKED so concurrent workers never take the same row; rules that span instances
/// take a transaction-scoped advisory lock.</summary>
public sealed class PostgresDialect : IDatabaseDialect
{
    public Task<IDbContextTransaction> BeginStepAsync(DbContext db, CancellationToken ct) => db.Database.BeginTransactionAsync(ct);

    public Task LockAsync(DbContext db, string key, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);

    public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct) =>
        // RETURNING does not keep the subquery's order; timers must fire oldest first.
        await db.Database.SqlQuery<Guid>($"""
            WITH claimed AS (
                UPDATE wf_timers SET "ClaimedBy" = {worker}, "ClaimedUntil" = {leaseUntil}
                WHERE "Id" IN (
                    SELECT "Id" FROM wf_timers
                    WHERE "Status" = 'pending' AND "DueAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                    ORDER BY "DueAt" LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id", "DueAt")
            SELECT "Id" AS "Value" FROM claimed ORDER BY "DueAt"
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
