namespace Pairing.Domain.Programs;

/// <summary>An existing commitment of an institution in another agreement of the same program.</summary>
public sealed record Commitment(string AgreementNumber, string AgreementTitle, string InstitutionCode, string InstitutionName, string Role, DateOnly TermEnd = default);

/// <summary>Exclusive roles, such as both sides of Qingyuan's one-to-one trusteeship or the supported side of Jieyang's
/// (one supporter per county school): an institution may hold an exclusive role in only one live agreement of the
/// program at a time. The rule is named as the city's plan names it.</summary>
public static class Exclusivity
{
    public static IReadOnlyList<RuleViolation> Check(IReadOnlyList<string> exclusiveRoles, IReadOnlyList<PartyFacts> parties,
        IReadOnlyList<Commitment> otherCommitments, IReadOnlyDictionary<string, string> roleTitles, string ruleTitle)
    {
        var violations = new List<RuleViolation>();
        foreach (var party in parties.Where(p => exclusiveRoles.Contains(p.Role)))
            foreach (var c in otherCommitments.Where(c => c.InstitutionCode == party.Code && c.Role == party.Role))
                violations.Add(new("exclusive-parties",
                    $"规则「{ruleTitle}」：{party.Name}（{party.Code}）已作为{roleTitles.GetValueOrDefault(party.Role, party.Role)}在协议 {c.AgreementNumber}《{c.AgreementTitle}》中，不能再结对"));
        return violations;
    }
}
