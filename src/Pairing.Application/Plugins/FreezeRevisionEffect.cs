using Microsoft.EntityFrameworkCore;
using Pairing.Application.Documents;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Freezes the approved content for signing and renders its document. An amendment adds a new revision and a
/// new document that everyone signs again; earlier ones stay on record.</summary>
public sealed class FreezeRevisionEffect(AgreementDocuments documents) : IEffect
{
    public string Name => "freeze-revision";
    public IReadOnlyList<string> RequiredParams => [];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        var institutions = await context.Db().Set<Domain.Registry.Institution>().AsNoTracking()
            .Where(i => agreement.Parties.Select(p => p.InstitutionId).Contains(i.Id)).ToListAsync(ct);
        var (json, hash) = AgreementContent.Snapshot(agreement, institutions);
        var revisions = context.Db().Set<AgreementRevision>();
        var latest = await revisions.Where(r => r.AgreementId == agreement.Id).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        var document = latest is null ? null : await AgreementDocuments.LatestAsync(context.Db(), agreement.Id, ct);
        // The same unsigned content is signed from the same document; once anyone has signed it, start afresh.
        if (latest is not null && latest.ContentHash == hash && latest.SignedAt is null && document is { SignedBy.Count: 0, Revision: var r } && r == latest.Number)
            return;
        var revision = new AgreementRevision
        {
            Id = Guid.NewGuid(),
            AgreementId = agreement.Id,
            Number = (latest?.Number ?? 0) + 1,
            ContentJson = json,
            ContentHash = hash,
            FrozenAt = context.Now,
        };
        revisions.Add(revision);
        await documents.RenderRevisionAsync(context.Db(), context.Instance, context.Definition, agreement, revision, ct);
    }
}
