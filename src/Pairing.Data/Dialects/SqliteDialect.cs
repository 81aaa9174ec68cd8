using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pairing.Workflows.Persistence;

namespace Pairing.Data.Dialects;

/// <summary>SQLite has one writer at a time: a step's transaction starts with BEGIN IMMEDIATE, so steps are
/// serialised and cross-instance locks are not needed.</summary>
public sealed class SqliteDialect : IDatabaseDialect
{
    public Task<IDbContextTransaction> BeginStepAsync(DbContext db, CancellationToken ct) => db.Database.BeginTransactionAsync(ct);

    public Task LockAsync(DbContext db, string key, CancellationToken ct) => Task.CompletedTask;

    public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.Set<WorkflowTimer>()
            .Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now && (t.ClaimedUntil == null || t.ClaimedUntil < now))
            .OrderBy(t => t.DueAt).Select(t => t.Id).Take(batch).ToListAsync(ct);
        if (ids.Count > 0)
            await db.Set<WorkflowTimer>().Where(t => ids.Contains(t.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, worker).SetProperty(t => t.ClaimedUntil, leaseUntil), ct);
        await tx.CommitAsync(ct);
        return ids;
    }

    /// <summary>Steps and checkpoints both start with BEGIN IMMEDIATE: the single writer already serialises them.</summary>
    public Task LockInstanceSetAsync(DbContext db, bool exclusive, CancellationToken ct) => Task.CompletedTask;

    /// <summary>A deferred transaction takes its WAL snapshot at the first read and keeps it to the end, without
    /// holding the write lock that BEGIN IMMEDIATE would take.</summary>
    public async Task<IDbContextTransaction> BeginSnapshotAsync(DbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        return await db.Database.UseTransactionAsync(connection.BeginTransaction(deferred: true), ct)
            ?? throw new InvalidOperationException("SQLite did not start a transaction");
    }

    public bool IsRaceLost(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is SqliteException s && s.SqliteErrorCode is 5 or 6 or 19) return true;
        return false;
    }
}
