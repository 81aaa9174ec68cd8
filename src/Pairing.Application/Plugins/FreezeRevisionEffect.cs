using Microsoft.EntityFrameworkCore;
using Pairing.Application.Agreements;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Freezes the approved content for signing. An amendment adds a new revision; earlier ones stay on record.</summary>
public sealed class FreezeRevisionEffect : IEffect
{
    public string Name => "freeze-revision";
    public IReadOnlyList<string> RequiredParams => [];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db, context.Instance, ct);
        var institutions = await context.Db.Set<Domain.Registry.Institution>().AsNoTracking()
            .Where(i => agreement.Parties.Select(p => p.InstitutionId).Contains(i.Id)).ToListAsync(ct);
        var (json, hash) = AgreementContent.Snapshot(agreement, institutions);
        var revisions = context.Db.Set<AgreementRevision>();
        var latest = await revisions.Where(r => r.AgreementId == agreement.Id).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        if (latest is not null && latest.ContentHash == hash && latest.SignedAt is null) return;
        revisions.Add(new AgreementRevision
        {
            Id = Guid.NewGuid(),
            AgreementId = agreement.Id,
            Number = (latest?.Number ?? 0) + 1,
            ContentJson = json,
            ContentHash = hash,
            FrozenAt = context.Now,
        });
    }
}
