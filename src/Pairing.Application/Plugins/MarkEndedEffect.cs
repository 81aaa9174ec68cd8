using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Records when an agreement ended (completed, terminated or withdrawn).</summary>
public sealed class MarkEndedEffect : IEffect
{
    public string Name => "mark-ended";
    public IReadOnlyList<string> RequiredParams => [];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        agreement.EndedAt = context.Now;
    }
}
