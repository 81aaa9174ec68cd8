using Pairing.Application.Documents;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>When every party has signed, the platform seals the document with its own certificate.</summary>
public sealed class SealDocumentEffect(Func<AgreementDocuments> documents) : IEffect
{
    public string Name => "seal-document";
    public IReadOnlyList<string> RequiredParams => [];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        // The last party's signoff enters the next state before its own action effects run: sign for it first.
        await documents().SignPendingAsync(context.Db(), context.Instance, agreement, context.Now, ct);
        await documents().SealAsync(context.Db(), agreement, context.Now, ct);
    }
}
