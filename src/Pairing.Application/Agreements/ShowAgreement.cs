using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Runtime;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Agreements;

/// <summary>协议页: the whole record of one agreement — plan, parties and who signed, the actions this user may take
/// (from <see cref="AgreementPolicy"/>), whether they may edit it, open tasks, report cycles, revisions and their
/// documents, incidents and the journal.</summary>
public static class ShowAgreement
{
    public sealed record Query(string User, string Number) : IRequest<AgreementDetail>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, TimeProvider clock) : IRequestHandler<Query, AgreementDetail>
    {
        public async Task<AgreementDetail> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
            var summary = (await AgreementReads.SummariesAsync(db, definitions, [agreement], ct))[0];
            var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
            var definition = await definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);

            var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == instance.Id).OrderBy(i => i.ChildKey).ToListAsync(ct);
            var cycles = new List<CycleView>();
            foreach (var child in children)
                cycles.Add(AgreementReads.CycleViewOf(child, await definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct)));
            var instanceIds = children.Select(c => c.Id).Append(instance.Id).ToList();
            var open = await db.Tasks.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId) && t.Status == TaskStatus.Open).ToListAsync(ct);
            var tasks = await AgreementReads.DescribeTasksAsync(db, open, clock.GetUtcNow().UtcDateTime, ct);
            var revisions = await db.AgreementRevisions.AsNoTracking().Where(r => r.AgreementId == agreement.Id).OrderBy(r => r.Number)
                .Select(r => new RevisionView(r.Number, r.ContentHash, r.FrozenAt, r.SignedAt)).ToListAsync(ct);
            var incidents = await db.Incidents.AsNoTracking().Where(i => instanceIds.Contains(i.InstanceId))
                .Select(i => new IncidentView(i.Id, i.Step, i.Effect, i.Error, i.Attempts, i.Status)).ToListAsync(ct);
            var journal = await AgreementReads.JournalAsync(db, instance.Id, definition, ct);
            // The stored PDFs are not loaded: their length is all a page shows.
            var stored = await db.AgreementDocuments.AsNoTracking().Where(d => d.AgreementId == agreement.Id).OrderBy(d => d.Revision)
                .Select(d => new { d.Revision, d.Kind, d.Reference, d.SignedBy, d.Sealed, Bytes = (long)d.Pdf.Length, d.UpdatedAt }).ToListAsync(ct);
            // Signers are recorded by institution code; people read the institution's name.
            var names = summary.Parties.ToDictionary(p => p.Code, p => p.Name);
            var documents = stored.Where(d => d.Kind == DocumentKind.Agreement)
                .Select(d => new DocumentView(d.Revision, d.Reference, d.SignedBy.Select(c => names.GetValueOrDefault(c, c)).ToList(), d.Sealed, d.Bytes, d.UpdatedAt,
                    stored.Any(c => c.Kind == DocumentKind.Certificate && c.Revision == d.Revision))).ToList();
            return new AgreementDetail(summary, instance.DefinitionId, instance.DefinitionVersion, agreement.Goals, agreement.Measures, agreement.FocusAreas,
                agreement.Targets, agreement.FundingSource, agreement.BudgetLine, agreement.FundingAmount,
                AgreementPolicy.MayEdit(account, instance, definition), AgreementPolicy.Offered(account, actor, agreement, instance, definition, open),
                tasks, cycles, revisions, incidents, journal, documents, await RenewalAsync(db, account, agreement, ct),
                agreement.ContactName, agreement.ContactPhone, agreement.BudgetId is not null, AgreementReads.LastReturn(journal, definition, instance.State));
        }

        private static async Task<RenewalView> RenewalAsync(PairingDbContext db, Account account, Agreement agreement, CancellationToken ct)
        {
            var renews = agreement.RenewalOf is { } previous
                ? await db.Agreements.AsNoTracking().Where(a => a.Id == previous).Select(a => a.Number).FirstOrDefaultAsync(ct) : null;
            var renewedBy = await RenewAgreement.Handler.RenewalOfAsync(db, agreement.Id, ct);
            return new RenewalView(renews, renewedBy, AgreementPolicy.MayRenew(account, agreement, renewedBy is not null));
        }
    }
}
