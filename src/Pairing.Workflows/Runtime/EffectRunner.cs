using Pairing.Workflows.Definitions;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Runtime;

/// <summary>Runs one after-commit effect in a step of its own (the effect may read the instance and write its own
/// rows). A failure never undoes the step that scheduled it.</summary>
internal sealed class EffectRunner(EngineParts parts)
{
    /// <summary>Returns null on success, or the error text.</summary>
    public async Task<string?> TryRunAsync(Guid instanceId, string definitionId, int definitionVersion,
        EffectRef effectRef, string key, Actor actor, CancellationToken ct)
    {
        try
        {
            await using var session = await parts.Store.BeginStepAsync(ct);
            var instance = await session.InstanceAsync(instanceId, ct) ?? throw new InvalidOperationException($"流程实例 {instanceId} 不存在");
            var definition = await parts.Definitions.GetAsync(definitionId, definitionVersion, ct);
            var effect = parts.Plugins.Effect(effectRef.Name) ?? throw new InvalidOperationException($"效果 {effectRef.Name} 未注册");
            await effect.RunAsync(new EffectContext(session, instance, definition, effectRef.Params, actor, parts.UtcNow, key), ct);
            await session.CommitAsync(ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }
}
