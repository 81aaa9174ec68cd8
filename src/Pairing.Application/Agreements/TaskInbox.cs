using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Agreements;

/// <summary>The open tasks an actor may act on: its scope matches and one of its roles is among the task's roles.</summary>
public static class TaskInbox
{
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
}
