using Pairing.Domain.Programs;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>One-to-one: during any day of this agreement's term, an institution may hold an exclusive role in no other
/// submitted, not ended agreement of the program in the city; drafts do not block each other.</summary>
public sealed class ExclusivePartiesGuard : IGuard
{
    public string Name => "exclusive-parties";
    public IReadOnlyList<string> RequiredParams => ["roles"];

    public async Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct)
    {
        var roles = JsonParams.Strings(context.Params, "roles");
        if (roles.Count == 0) return GuardResult.Allow;
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        // Two agreements claiming the same school must not both pass this check concurrently.
        await context.Session.LockAsync($"exclusive:{agreement.Program}:{agreement.CityCode}", ct);
        var parties = await AgreementFacts.PartiesOfAsync(context.Db(), agreement, ct);
        var codes = parties.Where(p => roles.Contains(p.Role)).Select(p => p.Code).ToList();
        var commitments = (await LiveCommitments.OfAsync(context.Db(), context.Definition, agreement.Program, agreement.CityCode, codes, agreement.Id,
            agreement.TermStart, agreement.TermEnd, ct))
            .Select(c => c with { InstitutionName = parties.First(p => p.Code == c.InstitutionCode).Name }).ToList();
        var titles = JsonParams.PartyRules(context.Definition.Parameters["roles"]).ToDictionary(r => r.Role, r => r.Title);
        var violations = Exclusivity.Check(roles, parties, commitments, titles, JsonParams.ExclusiveTitle(context.Definition.Parameters));
        return violations.Count == 0 ? GuardResult.Allow
            : GuardResult.Refuse(violations[0].Rule, string.Join("；", violations.Select(v => v.Message)));
    }
}
