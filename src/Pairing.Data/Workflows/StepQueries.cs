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

    public readonly Func<PairingDbContext, Guid, IAsyncEnumerable<WorkflowTask>> OpenTasks =
        EF.CompileAsyncQuery((PairingDbContext c, Guid id) => c.Tasks.Where(t => t.InstanceId == id && t.Status == TaskStatus.Open));

    public readonly Func<PairingDbContext, Guid, IAsyncEnumerable<WorkflowTimer>> PendingTimers =
        EF.CompileAsyncQuery((PairingDbContext c, Guid id) => c.Timers.Where(t => t.InstanceId == id && t.Status == TimerStatus.Pending));

    public readonly Func<PairingDbContext, string, CancellationToken, Task<IdempotencyRecord?>> Idempotency =
        EF.CompileAsyncQuery((PairingDbContext c, string key, CancellationToken _) => c.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefault(r => r.Key == key));
}
