using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pairing.Data.Dialects;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Storage;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Data.Workflows;

/// <summary>A step over one DbContext and its transaction. Reads return tracked entities (changes are saved at
/// commit) and also see what this step has added but not yet saved, as a step that starts children needs.</summary>
public sealed class EfWorkflowSession(PairingDbContext db, IDbContextTransaction transaction, IDatabaseDialect dialect) : IWorkflowSession
{
    /// <summary>The DbContext of this step: host rows added to it are committed with the step.</summary>
    public object Host => db;

    /// <summary>The step's DbContext, for plug-ins and callers whose rows join the step; a session of another store
    /// is refused with a clear message.</summary>
    public static PairingDbContext DbOf(IWorkflowSession session) =>
        session.Host as PairingDbContext ?? throw new InvalidOperationException("This step is not stored by Pairing's database.");

    // Instances read with their open tasks and pending timers (PostgreSQL): those are tracked, so later reads in this
    // step take them, with this step's changes, from the change tracker instead of asking the database again.
    private readonly HashSet<Guid> _withOpenWork = [];

    public async Task<WorkflowInstance?> InstanceAsync(Guid id, CancellationToken ct)
    {
        if (Local<WorkflowInstance>().FirstOrDefault(i => i.Id == id) is { } added) return added;
        // In-process SQLite has no round trips to save, and there three plain queries cost EF less than one joined.
        if (!dialect.BatchesStepReads) return await StepQueries.For(db).Instance(db, id, ct);
        var read = await StepQueries.For(db).InstanceWithOpenWork(db, id, ct);
        if (read is null) return null;
        _withOpenWork.Add(id);
        return read.Instance;
    }

    public async Task<IReadOnlyList<WorkflowInstance>> ChildrenAsync(Guid parentId, CancellationToken ct) =>
        Merge(await db.Instances.Where(i => i.ParentId == parentId).ToListAsync(ct), Local<WorkflowInstance>().Where(i => i.ParentId == parentId), i => i.Id);

    public async Task<IReadOnlyList<WorkflowTask>> OpenTasksAsync(Guid instanceId, CancellationToken ct)
    {
        var saved = _withOpenWork.Contains(instanceId) ? [] : await StepQueries.For(db).OpenTasks(db, instanceId).ToListAsync(ct);
        return Merge(saved, Tracked<WorkflowTask>().Where(t => t.InstanceId == instanceId), t => t.Id).Where(t => t.Status == TaskStatus.Open).ToList();
    }

    public async Task<IReadOnlyList<WorkflowTimer>> PendingTimersAsync(Guid instanceId, CancellationToken ct)
    {
        var saved = _withOpenWork.Contains(instanceId) ? [] : await StepQueries.For(db).PendingTimers(db, instanceId).ToListAsync(ct);
        return Merge(saved, Tracked<WorkflowTimer>().Where(t => t.InstanceId == instanceId), t => t.Id).Where(t => t.Status == TimerStatus.Pending).ToList();
    }

    public async Task<WorkflowTimer?> TimerAsync(Guid id, CancellationToken ct) => await db.Timers.FirstOrDefaultAsync(t => t.Id == id, ct);

    public Task<IdempotencyRecord?> IdempotencyAsync(string key, CancellationToken ct) => StepQueries.For(db).Idempotency(db, key, ct);

    public async Task<Incident?> IncidentAsync(Guid id, CancellationToken ct) => await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, ct);

    public async Task<OutboxEffect?> OutboxAsync(Guid id, CancellationToken ct) => await db.Outbox.FirstOrDefaultAsync(e => e.Id == id, ct);

    public async Task<DefinitionRecord?> DefinitionAsync(string id, int version, CancellationToken ct) =>
        await db.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == id && d.Version == version, ct);

    public async Task<int?> LatestVersionAsync(string id, CancellationToken ct) =>
        await db.Definitions.Where(d => d.DefinitionId == id).MaxAsync(d => (int?)d.Version, ct);

    public Task LockAsync(string key, CancellationToken ct) => dialect.LockAsync(db, key, ct);

    public async Task<long> JoinInstanceSetAsync(CancellationToken ct)
    {
        await dialect.LockInstanceSetAsync(db, exclusive: false, ct);
        return await db.Checkpoints.MaxAsync(c => (long?)c.Seq, ct) ?? 0;
    }

    public async Task<InstanceSet> LockInstanceSetAsync(CancellationToken ct)
    {
        await dialect.LockInstanceSetAsync(db, exclusive: true, ct);
        var latest = await db.Checkpoints.AsNoTracking().OrderByDescending(c => c.Seq).FirstOrDefaultAsync(ct);
        var instances = await db.Instances.AsNoTracking().Select(i => new { i.Id, i.JournalCount }).ToListAsync(ct);
        return new InstanceSet(latest, instances.Select(i => (i.Id, i.JournalCount)).ToList());
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(Guid instanceId, CancellationToken ct) =>
        await db.Journal.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Seq).ToListAsync(ct);

    public async Task<IReadOnlyList<WorkflowInstance>> UnsealedInstancesAsync(CancellationToken ct) =>
        await db.Instances.Where(i => i.JournalSeal == "").ToListAsync(ct);

    public void Add(WorkflowInstance instance) => db.Add(instance);
    public void Add(WorkflowTask task) => db.Add(task);
    public void Add(WorkflowTimer timer) => db.Add(timer);
    public void Add(JournalEntry entry) => db.Add(entry);
    public void Add(IdempotencyRecord record) => db.Add(record);
    public void Add(Incident incident) => db.Add(incident);
    public void Add(DefinitionRecord definition) => db.Add(definition);
    public void Add(JournalCheckpoint checkpoint) => db.Add(checkpoint);
    public void Add(OutboxEffect effect) => db.Add(effect);

    public async Task CommitAsync(CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await db.DisposeAsync();
    }

    private IEnumerable<T> Local<T>() where T : class =>
        db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);

    /// <summary>Everything of a type this step holds: read (with its changes so far) or added.</summary>
    private IEnumerable<T> Tracked<T>() where T : class =>
        db.ChangeTracker.Entries<T>().Where(e => e.State != EntityState.Deleted && e.State != EntityState.Detached).Select(e => e.Entity);

    private static List<T> Merge<T>(List<T> saved, IEnumerable<T> added, Func<T, Guid> id) =>
        [.. saved, .. added.Where(a => saved.All(s => id(s) != id(a)))];
}
