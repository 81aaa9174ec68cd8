using Pairing.Domain.Registry;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>Only the account chosen as a party's signatory may sign (or decline) for it: the name printed in the
/// signature block is the person whose signature the document then carries.</summary>
public sealed class DesignatedSignatoryGuard : IGuard
{
    public string Name => "designated-signatory";
    public IReadOnlyList<string> RequiredParams => [];

    public async Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        var party = agreement.Parties.FirstOrDefault(p => context.Actor.Scopes.Contains(Scope.Institution(p.InstitutionCode)));
        if (party is null) return GuardResult.Allow; // scope checks already refuse someone who is no party
        if (party.SignatoryAccount == context.Actor.Id) return GuardResult.Allow;
        return GuardResult.Refuse("designated-signatory", party.SignatoryAccount is null
            ? $"规则「指定签署人」：{party.InstitutionCode} 尚未指定签署人，请退回修改后重新提交"
            : $"规则「指定签署人」：本方指定的签署人是 {party.Signatory}（账号 {party.SignatoryAccount}），只有该账号可以代表本方签署");
    }
}
