using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Pairing.Workflows.Persistence;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Data.Workflows;

/// <summary>The reads every action makes, compiled once per model (EF binds a compiled query to the model it first ran
/// against, and SQLite and PostgreSQL each have their own). Saves EF hashing each query's expression tree per call.</summary>
internal sealed class StepQueries
{
    private static readonly ConditionalWeakTable<IModel, StepQueries> ByModel = [];

    public static StepQueries For(PairingDbContext db) => ByModel.GetValue(db.Model, _ => new StepQueries());

    public readonly Func<PairingDbContext, Guid, CancellationToken, Task<WorkflowInstance?>> Instance =
        EF.CompileAsyncQuery((PairingDbContext c, Guid id, CancellationToken _) => c.Instances.FirstOrDefault(i => i.Id == id));

    /// <summary>An instance with its open tasks and pending timers, in one statement: one round trip on PostgreSQL
    /// instead of three, as an action nearly always needs all three.</summary>
    public readonly Func<PairingDbContext, Guid, CancellationToken, Task<InstanceWithOpenWork?>> InstanceWithOpenWork =
        EF.CompileAsyncQuery((PairingDbContext c, Guid id, CancellationToken _) => c.Instances.Where(i => i.Id == id)
            .Select(i => new InstanceWithOpenWork(i,
                c.Tasks.Where(t => t.InstanceId == i.Id && t.Status == TaskStatus.Open).ToList(),
                c.Timers.Where(t => t.InstanceId == i.Id && t.Status == TimerStatus.Pending).ToList()))
            .FirstOrDefault());

    public readonly Func<PairingDbContext, Guid, IAsyncEnumerable<WorkflowTask>> OpenTasks =
        EF.CompileAsyncQuery((PairingDbContext c, Guid id) => c.Tasks.Where(t => t.InstanceId == id && t.Status == TaskStatus.Open));

    public readonly Func<PairingDbContext, Guid, IAsyncEnumerable<WorkflowTimer>> PendingTimers =
        EF.CompileAsyncQuery((PairingDbContext c, Guid id) => c.Timers.Where(t => t.InstanceId == id && t.Status == TimerStatus.Pending));

    public readonly Func<PairingDbContext, string, CancellationToken, Task<IdempotencyRecord?>> Idempotency =
        EF.CompileAsyncQuery((PairingDbContext c, string key, CancellationToken _) => c.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefault(r => r.Key == key));
}

internal sealed record InstanceWithOpenWork(WorkflowInstance Instance, List<WorkflowTask> Tasks, List<WorkflowTimer> Timers);
