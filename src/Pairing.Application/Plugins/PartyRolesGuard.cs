using Pairing.Application.Catalog;
using Pairing.Domain.Programs;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Parties fill the program's roles with eligible institutions (tags, stages, counts, same county).</summary>
public sealed class PartyRolesGuard : IGuard
{
    public string Name => "party-roles";
    public IReadOnlyList<string> RequiredParams => ["roles"];

    public async Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        var parties = await AgreementFacts.PartiesOfAsync(context.Db(), agreement, ct);
        // The definition declares the tags its roles use, so their names come with it.
        var tags = ProgramInfo.TagsOf(context.Definition).ToDictionary();
        var violations = PartyRules.Check(JsonParams.PartyRules(context.Params["roles"]), parties, t => tags.GetValueOrDefault(t, t), agreement.CityCode);
        return violations.Count == 0 ? GuardResult.Allow
            : GuardResult.Refuse(violations[0].Rule, string.Join("；", violations.Select(v => v.Message)));
    }
}
