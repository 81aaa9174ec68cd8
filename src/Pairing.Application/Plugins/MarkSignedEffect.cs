using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Records that every party has signed the frozen revision.</summary>
public sealed class MarkSignedEffect : IEffect
{
    public string Name => "mark-signed";
    public IReadOnlyList<string> RequiredParams => [];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        var revision = await context.Db().Set<AgreementRevision>().Where(r => r.AgreementId == agreement.Id)
            .OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        if (revision is { SignedAt: null }) revision.SignedAt = context.Now;
        agreement.FirstSignedAt ??= context.Now;
        agreement.SignedAt = context.Now;
    }
}
