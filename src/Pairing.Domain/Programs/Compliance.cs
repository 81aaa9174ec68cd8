using System.Globalization;
using Pairing.Domain.Registry;

namespace Pairing.Domain.Programs;

/// <summary>An accepted indicator value of a report or evaluation period.</summary>
public sealed record IndicatorFact(string Workflow, string Name, string Cycle, DateOnly PeriodEnd, decimal Number);

/// <summary>A report or evaluation period of an agreement that has ended by the day measured.</summary>
public sealed record ReportPeriod(string Workflow, string Cycle, string Label, DateOnly PeriodEnd);

/// <summary>An agreement live on the day measured, as compliance sees it: its parties, term, the periods that have
/// ended and the accepted indicator values.</summary>
public sealed record SignedAgreement(string Number, string Program, IReadOnlyList<PartyFacts> Parties, string Title = "",
    DateOnly TermStart = default, IReadOnlyList<ReportPeriod>? Periods = null, IReadOnlyList<IndicatorFact>? Indicators = null);

/// <summary>How a program's target is measured, as set in its definition's "compliance" parameter (one rule or a list).
/// Title names the rule, Source the plan task its number comes from.</summary>
public sealed record ComplianceRule(
    string Kind,
    int Target = 0,
    string Tag = "",
    string Role = "",
    string PartnerRole = "",
    int MinPartners = 0,
    int MinStages = 0,
    IReadOnlyList<string>? LeadTags = null,
    string Title = "",
    string Source = "",
    IReadOnlyDictionary<string, int>? CountyTargets = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? AlsoTags = null,
    string Indicator = "",
    string Workflow = "",
    decimal Threshold = 0,
    int Years = 0);

public sealed record ComplianceDetail(string Code, string Name, int Count, string Note, bool Met, int Goal = 0);

public sealed record ComplianceResult(string Program, string Title, string Measure, int Actual, int Target, bool Met, IReadOnlyList<ComplianceDetail> Details,
    string Kind = "", string Source = "");

/// <summary>Each program's targets against what is live on a day. Pure: callers load the facts.</summary>
public static class Compliance
{
    public const string SignedPairs = "signed-pairs";
    public const string EachTaggedInRole = "each-tagged-in-role";
    public const string LeadPartners = "lead-partners";
    /// <summary>Per county: live agreements whose party in Role sits in the county, against a per-county goal.</summary>
    public const string PerCountyCount = "per-county-count";
    /// <summary>City-wide: live agreements whose party in Role carries one of Tags (groups of a level).</summary>
    public const string CountTaggedRole = "count-tagged-role";
    /// <summary>Per agreement: every ended report period has an accepted Indicator of at least Threshold.</summary>
    public const string IndicatorEachPeriod = "indicator-each-period";
    /// <summary>Per agreement: accepted Indicator values add up to Threshold over Years, pro rata to the time elapsed.</summary>
    public const string IndicatorPace = "indicator-pace";

    public static readonly string[] Kinds = [SignedPairs, EachTaggedInRole, LeadPartners, PerCountyCount, CountTaggedRole, IndicatorEachPeriod, IndicatorPace];

    public static ComplianceResult Evaluate(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed,
        IReadOnlyList<Institution> institutions, Func<string, string> tagTitle, IReadOnlyList<County>? counties = null, DateOnly day = default) => (rule.Kind switch
        {
            SignedPairs => new(program, title, "已签署结对数", signed.Count, rule.Target, signed.Count >= rule.Target, []),
            EachTaggedInRole => EachInRole(program, title, rule, signed, institutions, tagTitle),
            LeadPartners => Leads(program, title, rule, signed, institutions),
            PerCountyCount => PerCounty(program, title, rule, signed, counties ?? []),
            CountTaggedRole => TaggedCount(program, title, rule, signed, tagTitle),
            IndicatorEachPeriod => EachPeriod(program, title, rule, signed),
            IndicatorPace => Pace(program, title, rule, signed, day),
            _ => throw new ArgumentException($"未知的达标规则 {rule.Kind}", nameof(rule)),
        }) with
        { Kind = rule.Kind, Source = rule.Source, Title = rule.Title.Length > 0 ? $"{title} · {rule.Title}" : title };

    /// <summary>The agreements each institution is a party of in the role, each once and in the given order: looked up
    /// per institution instead of scanning every agreement for each of thousands of schools.</summary>
    private static ILookup<string, SignedAgreement> InRole(IReadOnlyList<SignedAgreement> signed, string role) =>
        signed.SelectMany(a => a.Parties.Where(p => p.Role == role).Select(p => p.Code).Distinct().Select(code => (Code: code, Agreement: a)))
            .ToLookup(x => x.Code, x => x.Agreement);

    private static ComplianceResult EachInRole(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed, IReadOnlyList<Institution> institutions,
        Func<string, string> tagTitle)
    {
        var min = Math.Max(rule.Target, 1);
        var also = rule.AlsoTags ?? [];
        var byParty = InRole(signed, rule.Role);
        var details = institutions.Where(i => i.Tags.Contains(rule.Tag) && also.All(i.Tags.Contains)).OrderBy(i => i.Code).Select(i =>
        {
            var count = byParty[i.Code].Count();
            return new ComplianceDetail(i.Code, i.Name, count, $"{count}/{min}", count >= min, min);
        }).ToList();
        var met = details.Count(d => d.Met);
        var who = string.Join("且", new[] { rule.Tag }.Concat(also).Select(tagTitle));
        return new(program, title, $"{who}达标数（每所至少 {min} 个）", met, details.Count, met == details.Count && details.Count > 0, details);
    }

    private static ComplianceResult Leads(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed, IReadOnlyList<Institution> institutions)
    {
        var leadTags = rule.LeadTags ?? [];
        var byParty = InRole(signed, rule.Role);
        var details = institutions.Where(i => i.Tags.Any(leadTags.Contains)).OrderBy(i => i.Code).Select(lead =>
        {
            var partners = byParty[lead.Code]
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

    private static ComplianceResult PerCounty(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed, IReadOnlyList<County> counties)
    {
        var overrides = rule.CountyTargets ?? new Dictionary<string, int>();
        var details = counties.OrderBy(c => c.AdminCode).Select(c =>
        {
            var goal = overrides.GetValueOrDefault(c.Code, rule.Target);
            var count = signed.Count(a => a.Parties.Any(p => p.Role == rule.Role && p.County == c.Code));
            return new ComplianceDetail(c.Code, c.Name, count, $"{count}/{goal}", count >= goal, goal);
        }).ToList();
        var met = details.Count(d => d.Met);
        var special = string.Join("，", overrides.Select(o => $"{counties.FirstOrDefault(c => c.Code == o.Key)?.Name ?? o.Key}至少 {o.Value} 个"));
        return new(program, title, $"达标县（市、区）数（{(special.Length > 0 ? special + "，其他" : "每个")}县（市、区）至少 {rule.Target} 个）", met, details.Count,
            met == details.Count && details.Count > 0, details);
    }

    private static ComplianceResult TaggedCount(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed, Func<string, string> tagTitle)
    {
        var tags = rule.Tags ?? [];
        var counted = signed.Where(a => a.Parties.Any(p => p.Role == rule.Role && p.Tags.Any(tags.Contains))).OrderBy(a => a.Number).ToList();
        var details = counted.Select(a => new ComplianceDetail(a.Number, a.Title, 1,
            string.Join("、", a.Parties.Where(p => p.Role == rule.Role).Select(p => p.Name)), true, 1)).ToList();
        return new(program, title, $"{string.Join("或", tags.Select(tagTitle))}为核心的协议数（至少 {rule.Target} 个）", counted.Count, rule.Target,
            counted.Count >= rule.Target, details);
    }

    private static ComplianceResult EachPeriod(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed)
    {
        var details = signed.OrderBy(a => a.Number).Select(a =>
        {
            var periods = (a.Periods ?? []).Where(p => p.Workflow == rule.Workflow).OrderBy(p => p.PeriodEnd).ToList();
            var values = periods.Select(p => (p.Label, Value: (a.Indicators ?? []).FirstOrDefault(v => v.Workflow == rule.Workflow && v.Cycle == p.Cycle && v.Name == rule.Indicator)?.Number)).ToList();
            var short_ = values.Where(v => v.Value is not { } n || n < rule.Threshold).ToList();
            var note = periods.Count == 0 ? "尚无已结束的报告期"
                : string.Join("；", values.Select(v => $"{v.Label} {(v.Value is { } n ? N(n) : "未报送或未审核")}"));
            return new ComplianceDetail(a.Number, a.Title, values.Count(v => v.Value >= rule.Threshold), note, short_.Count == 0, periods.Count);
        }).ToList();
        var met = details.Count(d => d.Met);
        return new(program, title, $"各报告期均达标的协议数（每期不少于 {N(rule.Threshold)}）", met, details.Count, met == details.Count && details.Count > 0, details);
    }

    private static ComplianceResult Pace(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed, DateOnly day)
    {
        var span = Math.Max(rule.Years, 1) * 365.25;
        var details = signed.OrderBy(a => a.Number).Select(a =>
        {
            var sum = (a.Indicators ?? []).Where(v => v.Name == rule.Indicator && (rule.Workflow.Length == 0 || v.Workflow == rule.Workflow)).Sum(v => v.Number);
            var elapsed = Math.Clamp(day.DayNumber - a.TermStart.DayNumber + 1, 0, span);
            var goal = (int)Math.Ceiling((double)rule.Threshold * elapsed / span);
            return new ComplianceDetail(a.Number, a.Title, (int)sum, $"累计 {N(sum)}，按 {rule.Years} 年 {N(rule.Threshold)} 的进度应达 {goal}", sum >= goal, goal);
        }).ToList();
        var met = details.Count(d => d.Met);
        return new(program, title, $"进度达标的协议数（{rule.Years} 年累计不少于 {N(rule.Threshold)}）", met, details.Count, met == details.Count && details.Count > 0, details);
    }

    private static string N(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
