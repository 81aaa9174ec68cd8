using Pairing.Domain.Registry;

namespace Pairing.Domain.Programs;

/// <summary>A signed, not terminated agreement as compliance sees it.</summary>
public sealed record SignedAgreement(string Number, string Program, IReadOnlyList<PartyFacts> Parties);

/// <summary>How a program's target is measured, as set in its definition's "compliance" parameter.</summary>
public sealed record ComplianceRule(
    string Kind,
    int Target = 0,
    string Tag = "",
    string Role = "",
    string PartnerRole = "",
    int MinPartners = 0,
    int MinStages = 0,
    IReadOnlyList<string>? LeadTags = null);

public sealed record ComplianceDetail(string Code, string Name, int Count, string Note, bool Met, int Goal = 0);

public sealed record ComplianceResult(string Program, string Title, string Measure, int Actual, int Target, bool Met, IReadOnlyList<ComplianceDetail> Details,
    string Kind = "");

/// <summary>Each program's target against what is signed. Pure: callers load the facts.</summary>
public static class Compliance
{
    public const string SignedPairs = "signed-pairs";
    public const string EachTaggedInRole = "each-tagged-in-role";
    public const string LeadPartners = "lead-partners";

    public static readonly string[] Kinds = [SignedPairs, EachTaggedInRole, LeadPartners];

    public static ComplianceResult Evaluate(string program, string title, ComplianceRule rule,
        IReadOnlyList<SignedAgreement> signed, IReadOnlyList<Institution> institutions, Func<string, string> tagTitle) => (rule.Kind switch
        {
            SignedPairs => new(program, title, "已签署结对数", signed.Count, rule.Target, signed.Count >= rule.Target, []),
            EachTaggedInRole => EachInRole(program, title, rule, signed, institutions, tagTitle),
            LeadPartners => Leads(program, title, rule, signed, institutions),
            _ => throw new ArgumentException($"未知的达标规则 {rule.Kind}", nameof(rule)),
        }) with
        { Kind = rule.Kind };

    private static ComplianceResult EachInRole(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed, IReadOnlyList<Institution> institutions,
        Func<string, string> tagTitle)
    {
        var min = Math.Max(rule.Target, 1);
        var details = institutions.Where(i => i.Tags.Contains(rule.Tag)).OrderBy(i => i.Code).Select(i =>
        {
            var count = signed.Count(a => a.Parties.Any(p => p.Code == i.Code && p.Role == rule.Role));
            return new ComplianceDetail(i.Code, i.Name, count, $"{count}/{min}", count >= min, min);
        }).ToList();
        var met = details.Count(d => d.Met);
        return new(program, title, $"{tagTitle(rule.Tag)}达标数（每所至少 {min} 个）", met, details.Count, met == details.Count && details.Count > 0, details);
    }

    private static ComplianceResult Leads(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed, IReadOnlyList<Institution> institutions)
    {
        var leadTags = rule.LeadTags ?? [];
        var details = institutions.Where(i => i.Tags.Any(leadTags.Contains)).OrderBy(i => i.Code).Select(lead =>
        {
            var partners = signed.Where(a => a.Parties.Any(p => p.Code == lead.Code && p.Role == rule.Role))
                .SelectMany(a => a.Parties.Where(p => p.Role == rule.PartnerRole))
                .DistinctBy(p => p.Code).ToList();
            var order = Stage.Names.Keys.ToList();
            var stages = partners.SelectMany(p => p.Stages).Distinct().OrderBy(order.IndexOf).ToList();
            var ok = partners.Count >= rule.MinPartners && stages.Count >= rule.MinStages;
            var note = $"结对校 {partners.Count}/{rule.MinPartners}，学段 {stages.Count}/{rule.MinStages}（{(stages.Count == 0 ? "无" : string.Join("、", stages.Select(Stage.Title)))}）";
            return new ComplianceDetail(lead.Code, lead.Name, partners.Count, note, ok, rule.MinPartners);
        }).ToList();
        var met = details.Count(d => d.Met);
        return new(program, title, $"牵头校达标数（每校至少 {rule.MinPartners} 所、{rule.MinStages} 个学段）", met, details.Count, met == details.Count && details.Count > 0, details);
    }
}
