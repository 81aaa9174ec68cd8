using Microsoft.EntityFrameworkCore;
using Pairing.Data.Dialects;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;

namespace Pairing.Data.Workflows;

/// <summary>The engine's store over Pairing's database (EF Core, SQLite or PostgreSQL). A step's session is a
/// DbContext in one transaction; the host's rows in that DbContext are saved with the step.</summary>
public sealed class EfWorkflowStore(Func<PairingDbContext> createDb, IDatabaseDialect dialect) : IWorkflowStore
{
    public async Task<IWorkflowSession> BeginStepAsync(CancellationToken ct)
    {
        var db = createDb();
        // A step looks up what it has added or read many times; changes are detected once, at commit.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return new EfWorkflowSession(db, await dialect.BeginStepAsync(db, ct), dialect);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task<IJournalSnapshot> OpenSnapshotAsync(CancellationToken ct)
    {
        var db = createDb();
        try
        {
            return new EfJournalSnapshot(db, await dialect.BeginSnapshotAsync(db, ct));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task<DefinitionRecord?> FindDefinitionAsync(string id, int version, CancellationToken ct)
    {
        await using var db = createDb();
        return await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == id && d.Version == version, ct);
    }

    public async Task<int?> LatestVersionAsync(string id, CancellationToken ct)
    {
        await using var db = createDb();
        return await db.Definitions.Where(d => d.DefinitionId == id).MaxAsync(d => (int?)d.Version, ct);
    }

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct)
    {
        await using var db = createDb();
        return await db.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, ct);
    }

    public async Task<IReadOnlyList<Guid>> ClaimTimersAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct)
    {
        await using var db = createDb();
        return await dialect.ClaimTimersAsync(db, now, leaseUntil, worker, batch, ct);
    }

    public async Task<bool> IsClaimedByAsync(Guid timerId, string worker, CancellationToken ct)
    {
        await using var db = createDb();
        return await db.Timers.AnyAsync(t => t.Id == timerId && t.Status == TimerStatus.Pending && t.ClaimedBy == worker, ct);
    }

    public async Task ReleaseTimerAsync(Guid timerId, string worker, CancellationToken ct)
    {
        await using var db = createDb();
        await db.Timers.Where(t => t.Id == timerId && t.Status == TimerStatus.Pending && t.ClaimedBy == worker)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, (string?)null).SetProperty(t => t.ClaimedUntil, (DateTime?)null), ct);
    }

    public async Task<IReadOnlyList<Guid>> ClaimEffectsAsync(DateTime now, DateTime leaseUntil, string worker, int batch, CancellationToken ct)
    {
        await using var db = createDb();
        return await dialect.ClaimEffectsAsync(db, now, leaseUntil, worker, batch, ct);
    }

    public async Task<bool> ClaimEffectAsync(Guid id, DateTime now, DateTime leaseUntil, string worker, CancellationToken ct)
    {
        await using var db = createDb();
        return await db.Outbox.Where(e => e.Id == id && e.Status == OutboxStatus.Pending && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedBy, worker).SetProperty(e => e.ClaimedUntil, leaseUntil), ct) == 1;
    }

    public bool IsRaceLost(Exception ex) => ex is DbUpdateConcurrencyException || dialect.IsRaceLost(ex);
}
