using System.Text.Json.Nodes;
using System.Globalization;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>One report or evaluation cycle of an agreement: its content, the actions this user may take on it (with
/// their inputs), its evidence files and its journal.</summary>
public static class ShowCycle
{
    public sealed record Query(string User, string Number, string Cycle) : IRequest<CycleDetail>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions) : IRequestHandler<Query, CycleDetail>
    {
        public async Task<CycleDetail> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
            var summary = (await AgreementReads.SummariesAsync(db, definitions, [agreement], ct))[0];
            var child = (await db.Instances.AsNoTracking().Where(i => i.ParentId == agreement.InstanceId).ToListAsync(ct))
                .FirstOrDefault(i => i.ChildKey!.EndsWith(":" + request.Cycle, StringComparison.Ordinal))
                ?? throw new PairingException(ErrorKind.NotFound, $"协议 {request.Number} 没有周期 {request.Cycle}", "cycle");
            var definition = await definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct);
            var stored = await db.EvidenceFiles.AsNoTracking().Where(e => e.AgreementId == agreement.Id && e.Cycle == request.Cycle).OrderBy(e => e.UploadedAt)
                .Select(e => new EvidenceView(e.Id, e.FileName, e.Size, e.UploadedBy, e.UploadedAt)).ToListAsync(ct);
            var people = await AgreementReads.PeopleAsync(db, stored.Select(e => e.UploadedBy), ct);
            var evidence = stored.Select(e => e with { UploadedBy = people[e.UploadedBy] }).ToList();
            var values = (await db.IndicatorValues.AsNoTracking().Where(v => v.InstanceId == child.Id).ToListAsync(ct))
                .Select(v => new IndicatorView(v.Name, v.Title, v.Number?.ToString("0.##", CultureInfo.InvariantCulture) ?? v.Text ?? "", v.Unit, v.Accepted)).ToList();
            var journal = await AgreementReads.JournalAsync(db, child.Id, definition, ct);
            var actions = AgreementPolicy.Offered(actor, child, definition);
            // What was last submitted fills the form again, so a returned report is corrected rather than retyped.
            var context = JsonNode.Parse(child.ContextJson) as JsonObject ?? [];
            var previous = actions.SelectMany(a => a.Inputs).Select(i => i.Name).Distinct()
                .Where(n => context[n] is JsonValue v && v.TryGetValue<string>(out _))
                .ToDictionary(n => n, n => context[n]!.GetValue<string>());
            return new CycleDetail(summary, AgreementReads.CycleViewOf(child, definition), actions, evidence, journal, values,
                AgreementReads.LastReturn(journal, definition, child.State), previous, RemoveEvidence.Allowed(actions));
        }
    }
}
