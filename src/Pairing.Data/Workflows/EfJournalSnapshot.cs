using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;

namespace Pairing.Data.Workflows;

/// <summary>The journal read in one snapshot transaction (REPEATABLE READ on PostgreSQL, a deferred SQLite read).</summary>
public sealed class EfJournalSnapshot(PairingDbContext db, IDbContextTransaction transaction) : IJournalSnapshot
{
    public async Task<IReadOnlyList<WorkflowInstance>> InstancesAsync(CancellationToken ct) => await db.Instances.AsNoTracking().ToListAsync(ct);

    public async Task<IReadOnlyList<JournalCheckpoint>> CheckpointsAsync(CancellationToken ct) =>
        await db.Checkpoints.AsNoTracking().OrderBy(c => c.Seq).ToListAsync(ct);

    public IAsyncEnumerable<JournalEntry> EntriesAsync(CancellationToken ct) =>
        db.Journal.AsNoTracking().OrderBy(e => e.InstanceId).ThenBy(e => e.Seq).AsAsyncEnumerable();

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await db.DisposeAsync();
    }
}
