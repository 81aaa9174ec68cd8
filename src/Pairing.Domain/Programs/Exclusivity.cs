namespace Pairing.Domain.Programs;

/// <summary>An existing commitment of an institution in another agreement of the same program.</summary>
public sealed record Commitment(string AgreementNumber, string AgreementTitle, string InstitutionCode, string InstitutionName, string Role, DateOnly TermEnd = default);

/// <summary>One-to-one rules such as Qingyuan's trusteeship: an institution may hold an exclusive role in only one
/// live agreement of the program.</summary>
public static class Exclusivity
{
    public static IReadOnlyList<RuleViolation> Check(IReadOnlyList<string> exclusiveRoles, IReadOnlyList<PartyFacts> parties,
        IReadOnlyList<Commitment> otherCommitments, IReadOnlyDictionary<string, string> roleTitles)
    {
        var violations = new List<RuleViolation>();
        foreach (var party in parties.Where(p => exclusiveRoles.Contains(p.Role)))
            foreach (var c in otherCommitments.Where(c => c.InstitutionCode == party.Code && c.Role == party.Role))
                violations.Add(new("one-to-one",
                    $"规则「一对一帮扶」：{party.Name}（{party.Code}）已作为{roleTitles.GetValueOrDefault(party.Role, party.Role)}在协议 {c.AgreementNumber}《{c.AgreementTitle}》中，不能再结对"));
        return violations;
    }
}
