using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Runtime;

/// <summary>Retries or resolves incidents (failed after-commit effects).</summary>
public sealed class IncidentService(EngineParts parts)
{
    private readonly EffectRunner _runner = new(parts);

    public async Task<Incident> RetryAsync(Guid incidentId, Actor actor, CancellationToken ct = default)
    {
        await using var db = parts.CreateDb();
        var incident = await LoadOpenAsync(db, incidentId, ct);
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().FirstAsync(i => i.Id == incident.InstanceId, ct);
        var effect = new EffectRef(incident.Effect, JsonNode.Parse(incident.ParamsJson) as JsonObject ?? new JsonObject());
        var error = await _runner.TryRunAsync(instance.Id, instance.DefinitionId, instance.DefinitionVersion, effect, incident.EffectKey, actor, ct);
        incident.Attempts += 1;
        incident.UpdatedAt = parts.UtcNow;
        if (error is null)
        {
            incident.Status = IncidentStatus.Resolved;
            incident.Resolution = $"重试成功（{actor.Name}）";
        }
        else incident.Error = error;
        await db.SaveChangesAsync(ct);
        return incident;
    }

    public async Task<Incident> ResolveAsync(Guid incidentId, Actor actor, string comment, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(comment))
            throw new WorkflowException(WorkflowErrorKind.Invalid, "手工处理故障必须说明原因", "comment");
        await using var db = parts.CreateDb();
        var incident = await LoadOpenAsync(db, incidentId, ct);
        incident.Status = IncidentStatus.Resolved;
        incident.Resolution = $"{comment}（{actor.Name}）";
        incident.UpdatedAt = parts.UtcNow;
        await db.SaveChangesAsync(ct);
        return incident;
    }

    private static async Task<Incident> LoadOpenAsync(DbContext db, Guid id, CancellationToken ct)
    {
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"故障 {id} 不存在");
        if (incident.Status != IncidentStatus.Open)
            throw new WorkflowException(WorkflowErrorKind.Unavailable, $"故障 {id} 已处理");
        return incident;
    }
}
