using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Storage;

/// <summary>One step's unit of work. Entities returned are tracked: changes to them, and entities added, are written
/// together by <see cref="CommitAsync"/>, or not at all when the session is disposed without it.</summary>
public interface IWorkflowSession : IAsyncDisposable
{
    /// <summary>The host's own unit of work in the same transaction (Pairing.Data: its DbContext), for plug-ins and
    /// callers whose data is written with the step.</summary>
    object Host { get; }

    Task<WorkflowInstance?> InstanceAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<WorkflowInstance>> ChildrenAsync(Guid parentId, CancellationToken ct);
    Task<IReadOnlyList<WorkflowTask>> OpenTasksAsync(Guid instanceId, CancellationToken ct);
    Task<IReadOnlyList<WorkflowTimer>> PendingTimersAsync(Guid instanceId, CancellationToken ct);
    Task<WorkflowTimer?> TimerAsync(Guid id, CancellationToken ct);
    Task<IdempotencyRecord?> IdempotencyAsync(string key, CancellationToken ct);
    Task<Incident?> IncidentAsync(Guid id, CancellationToken ct);
    Task<OutboxEffect?> OutboxAsync(Guid id, CancellationToken ct);
    Task<DefinitionRecord?> DefinitionAsync(string id, int version, CancellationToken ct);
    Task<int?> LatestVersionAsync(string id, CancellationToken ct);

    /// <summary>Serialises steps that must not interleave across instances (two agreements claiming one school).</summary>
    Task LockAsync(string key, CancellationToken ct);

    /// <summary>Before creating instances: holds the instance-set lock shared (a checkpoint holds it exclusively) and
    /// returns the newest checkpoint's number, which new instances carry.</summary>
    Task<long> JoinInstanceSetAsync(CancellationToken ct);

    /// <summary>For a checkpoint: holds the instance-set lock exclusively, so no creating step is in flight, and
    /// returns the newest checkpoint, every instance's id and journal length, and whether any instance is unsealed.</summary>
    Task<InstanceSet> LockInstanceSetAsync(CancellationToken ct);

    /// <summary>The journal of one instance, oldest first, as committed (for sealing a journal written before seals).</summary>
    Task<IReadOnlyList<JournalEntry>> JournalAsync(Guid instanceId, CancellationToken ct);
    Task<IReadOnlyList<WorkflowInstance>> UnsealedInstancesAsync(CancellationToken ct);

    void Add(WorkflowInstance instance);
    void Add(WorkflowTask task);
    void Add(WorkflowTimer timer);
    void Add(JournalEntry entry);
    void Add(IdempotencyRecord record);
    void Add(Incident incident);
    void Add(DefinitionRecord definition);
    void Add(JournalCheckpoint checkpoint);
    void Add(OutboxEffect effect);

    Task CommitAsync(CancellationToken ct);
}

/// <summary>The instances a checkpoint counts, under the lock that keeps the set still.</summary>
public sealed record InstanceSet(JournalCheckpoint? Latest, IReadOnlyList<(Guid Id, int JournalCount)> Instances);
