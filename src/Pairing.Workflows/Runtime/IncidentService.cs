using System.Text.Json.Nodes;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Storage;

namespace Pairing.Workflows.Runtime;

/// <summary>Retries or resolves incidents (failed after-commit effects).</summary>
public sealed class IncidentService(EngineParts parts)
{
    private readonly EffectRunner _runner = new(parts);

    public async Task<Incident> RetryAsync(Guid incidentId, Actor actor, CancellationToken ct = default)
    {
        Incident open;
        WorkflowInstance instance;
        // Read, run the effect in its own step, then record the attempt: no transaction is held while the effect runs.
        await using (var read = await parts.Store.BeginStepAsync(ct))
        {
            open = await LoadOpenAsync(read, incidentId, ct);
            instance = await read.InstanceAsync(open.InstanceId, ct) ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"流程实例 {open.InstanceId} 不存在");
        }
        var effect = new EffectRef(open.Effect, JsonNode.Parse(open.ParamsJson) as JsonObject ?? new JsonObject());
        var error = await _runner.TryRunAsync(instance.Id, instance.DefinitionId, instance.DefinitionVersion, effect, open.EffectKey, actor, ct);
        await using var session = await parts.Store.BeginStepAsync(ct);
        var incident = await LoadOpenAsync(session, incidentId, ct);
        incident.Attempts += 1;
        incident.UpdatedAt = parts.UtcNow;
        if (error is null)
        {
            incident.Status = IncidentStatus.Resolved;
            incident.Resolution = $"重试成功（{actor.Name}）";
        }
        else incident.Error = error;
        await session.CommitAsync(ct);
        return incident;
    }

    public async Task<Incident> ResolveAsync(Guid incidentId, Actor actor, string comment, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(comment))
            throw new WorkflowException(WorkflowErrorKind.Invalid, "手工处理故障必须说明原因", "comment");
        await using var session = await parts.Store.BeginStepAsync(ct);
        var incident = await LoadOpenAsync(session, incidentId, ct);
        incident.Status = IncidentStatus.Resolved;
        incident.Resolution = $"{comment}（{actor.Name}）";
        incident.UpdatedAt = parts.UtcNow;
        await session.CommitAsync(ct);
        return incident;
    }

    private static async Task<Incident> LoadOpenAsync(IWorkflowSession session, Guid id, CancellationToken ct)
    {
        var incident = await session.IncidentAsync(id, ct)
            ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"故障 {id} 不存在");
        if (incident.Status != IncidentStatus.Open)
            throw new WorkflowException(WorkflowErrorKind.Unavailable, $"故障 {id} 已处理");
        return incident;
    }
}
