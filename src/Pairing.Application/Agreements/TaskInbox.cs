using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Agreements;

/// <summary>The open tasks an actor may act on: its scope matches and one of its roles is among the task's roles.</summary>
public static class TaskInbox
{
    private static readonly TimeSpan NewFor = TimeSpan.FromDays(3);

    public static async Task<List<WorkflowTask>> OpenForAsync(DbContext db, Actor actor, CancellationToken ct = default)
    {
        var query = db.Set<WorkflowTask>().AsNoTracking().Where(t => t.Status == TaskStatus.Open);
        if (!actor.Scopes.Contains(Actor.AnyScope))
        {
            var scopes = actor.Scopes.ToList();
            query = query.Where(t => scopes.Contains(t.Scope));
        }
        var tasks = await query.ToListAsync(ct);
        return tasks.Where(t => t.Roles.Split(',').Any(actor.Roles.Contains))
            .OrderBy(t => t.DueAt ?? DateTime.MaxValue).ThenBy(t => t.CreatedAt).ToList();
    }

    /// <summary>Each task with its agreement and period label, in inbox order (see <see cref="ListTasks"/>).</summary>
    internal static async Task<List<TaskView>> DescribeAsync(PairingDbContext db, List<WorkflowTask> tasks, DateTime now, CancellationToken ct)
    {
        var instanceIds = tasks.Select(t => t.InstanceId).Distinct().ToList();
        var instances = await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.SubjectId, i.ChildKey, i.ContextJson }).ToDictionaryAsync(i => i.Id, ct);
        var subjectIds = instances.Values.Select(i => Guid.Parse(i.SubjectId)).Distinct().ToList();
        var agreements = await db.Agreements.AsNoTracking().Where(a => subjectIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.Title }).ToDictionaryAsync(a => a.Id, ct);
        var items = tasks.Select(t =>
        {
            var instance = instances[t.InstanceId];
            var agreement = agreements[Guid.Parse(instance.SubjectId)];
            var cycle = instance.ChildKey?.Split(':')[1];
            var label = cycle is null ? null : (JsonNode.Parse(instance.ContextJson)?["periodLabel"]?.GetValue<string>() ?? cycle);
            return new TaskView(t.Id, agreement.Number, agreement.Title, cycle, t.Title, t.State, t.Scope, t.DueAt, t.DueAt <= now,
                label, t.CreatedAt, now - t.CreatedAt < NewFor, DeadlineText.Of(t.DueAt, now));
        });
        return [
            .. items.Where(t => !t.Overdue).OrderBy(t => t.DueAt ?? DateTime.MaxValue).ThenByDescending(t => t.CreatedAt),
            .. items.Where(t => t.Overdue).OrderBy(t => t.DueAt).ThenByDescending(t => t.CreatedAt),
        ];
    }
}
