using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pairing.Workflows.Persistence;

namespace Pairing.Data.Dialects;

/// <summary>SQLite has one writer at a time: a step's transaction starts with BEGIN IMMEDIATE, so steps are
/// serialised and cross-instance locks are not needed. Steps of one process are committed in groups
/// (<see cref="SqliteGroupCommit"/>).</summary>
public sealed class SqliteDialect(Func<DbContext> createDb) : IDatabaseDialect
{
    public bool BatchesStepReads => false;

    public Task<IDbContextTransaction> BeginStepAsync(DbContext db, CancellationToken ct) =>
        SqliteGroupCommit.For(FileOf(db), createDb).BeginAsync(db, ct);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Files = new(StringComparer.Ordinal);

    private static string FileOf(DbContext db) => Files.GetOrAdd(db.Database.GetConnectionString() ?? "",
        connection => Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource));

    public Task LockAsync(DbContext db, string key, CancellationToken ct) => Task.CompletedTask;

    public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct)
    {
        // BEGIN IMMEDIATE: the read and the claim happen under the one write lock.
        await using var tx = await BeginStepAsync(db, ct);
        var timers = db.Set<WorkflowTimer>();
        // string.Compare becomes SQL's "<" on SQLite's BINARY collation, which is ordinal.
#pragma warning disable CA1309
        var ids = await timers
            .Where(t => t.Status == TimerStatus.Pending && t.DueAt <= now && (t.ClaimedUntil == null || t.ClaimedUntil < now))
            .Where(t => !timers.Any(e => e.InstanceId == t.InstanceId && e.Status == TimerStatus.Pending && e.Id != t.Id
                && (e.DueAt < t.DueAt || (e.DueAt == t.DueAt && string.Compare(e.TimerId, t.TimerId) < 0))))
            .OrderBy(t => t.DueAt).Select(t => t.Id).Take(batch).ToListAsync(ct);
#pragma warning restore CA1309
        if (ids.Count > 0)
            await timers.Where(t => ids.Contains(t.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, worker).SetProperty(t => t.ClaimedUntil, leaseUntil), ct);
        await tx.CommitAsync(ct);
        return ids;
    }

    public async Task<IReadOnlyList<Guid>> ClaimEffectsAsync(DbContext db, DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct)
    {
        await using var tx = await BeginStepAsync(db, ct);
        var outbox = db.Set<OutboxEffect>();
        var ids = await outbox
            .Where(e => e.Status == OutboxStatus.Pending && e.NextAttemptAt <= now && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .OrderBy(e => e.NextAttemptAt).Select(e => e.Id).Take(batch).ToListAsync(ct);
        if (ids.Count > 0)
            await outbox.Where(e => ids.Contains(e.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedBy, worker).SetProperty(e => e.ClaimedUntil, leaseUntil), ct);
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
