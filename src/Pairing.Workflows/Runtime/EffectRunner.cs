using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Runtime;

/// <summary>Runs effects that reach outside after their step committed. A failure never undoes the step: it is
/// recorded as an incident with the error and the attempt count.</summary>
internal sealed class EffectRunner(EngineParts parts)
{
    public async Task RunAsync(IReadOnlyList<PendingEffect> pending, CancellationToken ct)
    {
        foreach (var effect in pending)
        {
            var error = await TryRunAsync(effect.InstanceId, effect.DefinitionId, effect.DefinitionVersion, effect.Effect, effect.Key, effect.Actor, ct);
            if (error is null) continue;
            await using var session = await parts.Store.BeginStepAsync(ct);
            session.Add(new Incident
            {
                Id = Guid.NewGuid(),
                InstanceId = effect.InstanceId,
                State = effect.State,
                Step = effect.Step,
                Effect = effect.Effect.Name,
                ParamsJson = effect.Effect.Params.ToJsonString(EngineJson.Options),
                EffectKey = effect.Key,
                Error = error,
                Attempts = 1,
                CreatedAt = parts.UtcNow,
                UpdatedAt = parts.UtcNow,
            });
            await session.CommitAsync(ct);
        }
    }

    /// <summary>Returns null on success, or the error text.</summary>
    public async Task<string?> TryRunAsync(Guid instanceId, string definitionId, int definitionVersion,
        Definitions.EffectRef effectRef, string key, Plugins.Actor actor, CancellationToken ct)
    {
        try
        {
            await using var session = await parts.Store.BeginStepAsync(ct);
            var instance = await session.InstanceAsync(instanceId, ct) ?? throw new InvalidOperationException($"流程实例 {instanceId} 不存在");
            var definition = await parts.Definitions.GetAsync(definitionId, definitionVersion, ct);
            var effect = parts.Plugins.Effect(effectRef.Name) ?? throw new InvalidOperationException($"效果 {effectRef.Name} 未注册");
            await effect.RunAsync(new Plugins.EffectContext(session, instance, definition, effectRef.Params, actor, parts.UtcNow, key), ct);
            await session.CommitAsync(ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
