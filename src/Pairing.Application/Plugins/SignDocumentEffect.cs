using Pairing.Application.Documents;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>On each party's `sign`, adds that party's digital signature to the frozen document.</summary>
public sealed class SignDocumentEffect(Func<AgreementDocuments> documents) : IEffect
{
    public string Name => "sign-document";
    public IReadOnlyList<string> RequiredParams => [];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        await documents().SignPendingAsync(context.Db(), context.Instance, agreement, context.Now, ct);
    }
}
