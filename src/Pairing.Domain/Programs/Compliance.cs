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

/// <summary>An institution a target is measured for (a tagged school, a lead), with what was counted for it.</summary>
public sealed record InstitutionCount(string Code, string Name, int Count);

/// <summary>A partner institution of a live agreement a lead (by code) leads, with the partner's stages.</summary>
public sealed record LeadPartner(string Lead, string Code, IReadOnlyList<string> Stages);

/// <summary>A live agreement a count-tagged-role target counts, with the names of its parties in the role.</summary>
public sealed record CountedAgreement(string Number, string Title, IReadOnlyList<string> RoleNames);

/// <summary>A live agreement's accepted indicator values added up, for a pace target.</summary>
public sealed record AgreementTotal(string Number, string Title, DateOnly TermStart, decimal Sum);

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

    /// <summary>Measures a rule over the live agreements' facts, all in memory: the plain definition of every target.
    /// The application measures the same rules from aggregates its database computes and builds the result with the
    /// same builders below, so both give the same figures and wording.</summary>
    public static ComplianceResult Evaluate(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed,
        IReadOnlyList<Institution> institutions, Func<string, string> tagTitle, IReadOnlyList<County>? counties = null, DateOnly day = default)
    {
        var inRole = InRole(signed, rule.Role);
        return rule.Kind switch
        {
            SignedPairs => FromSignedPairs(program, title, rule, signed.Count),
            EachTaggedInRole => FromTaggedInRole(program, title, rule, institutions.Where(i => i.Tags.Contains(rule.Tag) && (rule.AlsoTags ?? []).All(i.Tags.Contains))
                .Select(i => new InstitutionCount(i.Code, i.Name, inRole[i.Code].Count())).ToList(), tagTitle),
            LeadPartners => FromLeads(program, title, rule, institutions.Where(i => i.Tags.Any((rule.LeadTags ?? []).Contains)).Select(i => new InstitutionCount(i.Code, i.Name, 0)).ToList(),
                inRole.SelectMany(g => g.SelectMany(a => a.Parties.Where(p => p.Role == rule.PartnerRole)).Select(p => new LeadPartner(g.Key, p.Code, p.Stages))).ToList()),
            PerCountyCount => FromCounties(program, title, rule, counties ?? [],
                (counties ?? []).ToDictionary(c => c.Code, c => signed.Count(a => a.Parties.Any(p => p.Role == rule.Role && p.County == c.Code)))),
            CountTaggedRole => FromTaggedAgreements(program, title, rule, signed.Where(a => a.Parties.Any(p => p.Role == rule.Role && p.Tags.Any((rule.Tags ?? []).Contains)))
                .Select(a => new CountedAgreement(a.Number, a.Title, a.Parties.Where(p => p.Role == rule.Role).Select(p => p.Name).ToList())).ToList(), tagTitle),
            IndicatorEachPeriod => FromPeriods(program, title, rule, signed),
            IndicatorPace => FromPace(program, title, rule, signed.Select(a => new AgreementTotal(a.Number, a.Title, a.TermStart,
                (a.Indicators ?? []).Where(v => v.Name == rule.Indicator && (rule.Workflow.Length == 0 || v.Workflow == rule.Workflow)).Sum(v => v.Number))).ToList(), day),
            _ => throw new ArgumentException($"未知的达标规则 {rule.Kind}", nameof(rule)),
        };
    }

    /// <summary>The agreements each institution is a party of in the role, each once and in the given order.</summary>
    private static ILookup<string, SignedAgreement> InRole(IReadOnlyList<SignedAgreement> signed, string role) =>
        signed.SelectMany(a => a.Parties.Where(p => p.Role == role).Select(p => p.Code).Distinct().Select(code => (Code: code, Agreement: a)))
            .ToLookup(x => x.Code, x => x.Agreement);

    private static ComplianceResult Named(ComplianceResult result, string title, ComplianceRule rule) =>
        result with { Kind = rule.Kind, Source = rule.Source, Title = rule.Title.Length > 0 ? $"{title} · {rule.Title}" : title };

    /// <summary>signed-pairs from the number of live agreements.</summary>
    public static ComplianceResult FromSignedPairs(string program, string title, ComplianceRule rule, int live) =>
        Named(new(program, title, "已签署结对数", live, rule.Target, live >= rule.Target, []), title, rule);

    /// <summary>each-tagged-in-role from every institution carrying the tags, with the live agreements it is a party of in the role.</summary>
    public static ComplianceResult FromTaggedInRole(string program, string title, ComplianceRule rule, IReadOnlyList<InstitutionCount> tagged, Func<string, string> tagTitle)
    {
        var min = Math.Max(rule.Target, 1);
        var details = tagged.OrderBy(i => i.Code).Select(i => new ComplianceDetail(i.Code, i.Name, i.Count, $"{i.Count}/{min}", i.Count >= min, min)).ToList();
        var met = details.Count(d => d.Met);
        var who = string.Join("且", new[] { rule.Tag }.Concat(rule.AlsoTags ?? []).Select(tagTitle));
        return Named(new(program, title, $"{who}达标数（每所至少 {min} 个）", met, details.Count, met == details.Count && details.Count > 0, details), title, rule);
    }

    /// <summary>lead-partners from every lead institution and the partners (with their stages) of the live agreements it
    /// leads; a partner in several of them counts once.</summary>
    public static ComplianceResult FromLeads(string program, string title, ComplianceRule rule, IReadOnlyList<InstitutionCount> leads, IReadOnlyList<LeadPartner> partners)
    {
        var byLead = partners.ToLookup(p => p.Lead);
        var order = Stage.Names.Keys.ToList();
        var details = leads.OrderBy(i => i.Code).Select(lead =>
        {
            var own = byLead[lead.Code].DistinctBy(p => p.Code).ToList();
            var stages = own.SelectMany(p => p.Stages).Distinct().OrderBy(order.IndexOf).ToList();
            var ok = own.Count >= rule.MinPartners && stages.Count >= rule.MinStages;
            var note = $"结对校 {own.Count}/{rule.MinPartners}，学段 {stages.Count}/{rule.MinStages}（{(stages.Count == 0 ? "无" : string.Join("、", stages.Select(Stage.Title)))}）";
            return new ComplianceDetail(lead.Code, lead.Name, own.Count, note, ok, rule.MinPartners);
        }).ToList();
        var met = details.Count(d => d.Met);
        return Named(new(program, title, $"牵头校达标数（每校至少 {rule.MinPartners} 所、{rule.MinStages} 个学段）", met, details.Count,
            met == details.Count && details.Count > 0, details), title, rule);
    }

    /// <summary>per-county-count from the number of live agreements with a party in the role in each county (absent: none).</summary>
    public static ComplianceResult FromCounties(string program, string title, ComplianceRule rule, IReadOnlyList<County> counties, IReadOnlyDictionary<string, int> live)
    {
        var overrides = rule.CountyTargets ?? new Dictionary<string, int>();
        var details = counties.OrderBy(c => c.AdminCode).Select(c =>
        {
            var goal = overrides.GetValueOrDefault(c.Code, rule.Target);
            var count = live.GetValueOrDefault(c.Code);
            return new ComplianceDetail(c.Code, c.Name, count, $"{count}/{goal}", count >= goal, goal);
        }).ToList();
        var met = details.Count(d => d.Met);
        var special = string.Join("，", overrides.Select(o => $"{counties.FirstOrDefault(c => c.Code == o.Key)?.Name ?? o.Key}至少 {o.Value} 个"));
        return Named(new(program, title, $"达标县（市、区）数（{(special.Length > 0 ? special + "，其他" : "每个")}县（市、区）至少 {rule.Target} 个）", met, details.Count,
            met == details.Count && details.Count > 0, details), title, rule);
    }

    /// <summary>count-tagged-role from the live agreements whose party in the role carries one of the tags.</summary>
    public static ComplianceResult FromTaggedAgreements(string program, string title, ComplianceRule rule, IReadOnlyList<CountedAgreement> counted, Func<string, string> tagTitle)
    {
        var details = counted.OrderBy(a => a.Number).Select(a => new ComplianceDetail(a.Number, a.Title, 1, string.Join("、", a.RoleNames), true, 1)).ToList();
        return Named(new(program, title, $"{string.Join("或", (rule.Tags ?? []).Select(tagTitle))}为核心的协议数（至少 {rule.Target} 个）", details.Count, rule.Target,
            details.Count >= rule.Target, details), title, rule);
    }

    /// <summary>indicator-each-period from each live agreement's ended periods and accepted values (parties not needed).</summary>
    public static ComplianceResult FromPeriods(string program, string title, ComplianceRule rule, IReadOnlyList<SignedAgreement> signed)
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
        return Named(new(program, title, $"各报告期均达标的协议数（每期不少于 {N(rule.Threshold)}）", met, details.Count, met == details.Count && details.Count > 0, details),
            title, rule);
    }

    /// <summary>indicator-pace from each live agreement's total of the indicator so far.</summary>
    public static ComplianceResult FromPace(string program, string title, ComplianceRule rule, IReadOnlyList<AgreementTotal> totals, DateOnly day)
    {
        var span = Math.Max(rule.Years, 1) * 365.25;
        var details = totals.OrderBy(a => a.Number).Select(a =>
        {
            var elapsed = Math.Clamp(day.DayNumber - a.TermStart.DayNumber + 1, 0, span);
            var goal = (int)Math.Ceiling((double)rule.Threshold * elapsed / span);
            return new ComplianceDetail(a.Number, a.Title, (int)a.Sum, $"累计 {N(a.Sum)}，按 {rule.Years} 年 {N(rule.Threshold)} 的进度应达 {goal}", a.Sum >= goal, goal);
        }).ToList();
        var met = details.Count(d => d.Met);
        return Named(new(program, title, $"进度达标的协议数（{rule.Years} 年累计不少于 {N(rule.Threshold)}）", met, details.Count, met == details.Count && details.Count > 0, details),
            title, rule);
    }

    private static string N(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
