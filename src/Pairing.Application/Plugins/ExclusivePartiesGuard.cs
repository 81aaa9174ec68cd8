using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>One-to-one: an institution may hold an exclusive role in only one live agreement of the program in the
/// city. Live means submitted or later and not ended; drafts do not block each other.</summary>
public sealed class ExclusivePartiesGuard : IGuard
{
    public string Name => "exclusive-parties";
    public IReadOnlyList<string> RequiredParams => ["roles"];

    public async Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct)
    {
        var roles = JsonParams.Strings(context.Params, "roles");
        if (roles.Count == 0) return GuardResult.Allow;
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db, context.Instance, ct);
        // Two agreements claiming the same school must not both pass this check concurrently.
        await context.Locks.LockAsync($"exclusive:{agreement.Program}:{agreement.CityCode}", ct);
        var parties = await AgreementFacts.PartiesOfAsync(context.Db, agreement, ct);
        var codes = parties.Where(p => roles.Contains(p.Role)).Select(p => p.Code).ToList();
        var editable = context.Definition.States.Where(s => s.Editable).Select(s => s.Id).ToList();

        var others = await (
            from party in context.Db.Set<AgreementParty>()
            join other in context.Db.Set<Agreement>() on party.AgreementId equals other.Id
            join instance in context.Db.Set<WorkflowInstance>() on other.InstanceId equals instance.Id
            where codes.Contains(party.InstitutionCode) && other.Id != agreement.Id && other.Program == agreement.Program
                  && other.CityCode == agreement.CityCode && instance.Status == InstanceStatus.Open
                  && !(editable.Contains(instance.State) && other.SignedAt == null)
            select new { other.Number, other.Title, party.InstitutionCode, party.Role }).ToListAsync(ct);
        var commitments = others.Select(o => new Commitment(o.Number, o.Title, o.InstitutionCode,
            parties.First(p => p.Code == o.InstitutionCode).Name, o.Role)).ToList();
        var titles = JsonParams.PartyRules(context.Definition.Parameters["roles"]).ToDictionary(r => r.Role, r => r.Title);
        var violations = Exclusivity.Check(roles, parties, commitments, titles);
        return violations.Count == 0 ? GuardResult.Allow
            : GuardResult.Refuse(violations[0].Rule, string.Join("；", violations.Select(v => v.Message)));
    }
}
