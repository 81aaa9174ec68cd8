using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;

namespace Pairing.Application.Compliance;

/// <summary>A program's targets in one city on one day, measured from what the database counts and groups over the
/// agreements live that day: per rule only the rows that rule needs (a count, a group per county or per school, the
/// lead–partner pairs, or the periods and values of one indicator), never every live agreement with its parties, the
/// whole registry or the report cycles of programs whose targets do not look at them. The results are built by the
/// domain's builders, as <see cref="Domain.Programs.Compliance.Evaluate"/> builds them from the facts in memory.</summary>
internal sealed class ProgramMeasures(PairingDbContext db, string city, string program, string title, DateOnly day, IQueryable<Agreement> live,
    IReadOnlyList<County> counties, Func<string, string> tagTitle)
{
    private List<LiveHead>? _heads;
    private List<(Guid Agreement, ReportPeriod Period)>? _periods;

    public async Task<ComplianceResult> MeasureAsync(ComplianceRule rule, CancellationToken ct) => rule.Kind switch
    {
        Domain.Programs.Compliance.SignedPairs => Domain.Programs.Compliance.FromSignedPairs(program, title, rule, await live.CountAsync(ct)),
        Domain.Programs.Compliance.EachTaggedInRole => await TaggedInRoleAsync(rule, ct),
        Domain.Programs.Compliance.LeadPartners => await LeadsAsync(rule, ct),
        Domain.Programs.Compliance.PerCountyCount => await CountiesAsync(rule, ct),
        Domain.Programs.Compliance.CountTaggedRole => await TaggedAgreementsAsync(rule, ct),
        Domain.Programs.Compliance.IndicatorEachPeriod => await EachPeriodAsync(rule, ct),
        Domain.Programs.Compliance.IndicatorPace => await PaceAsync(rule, ct),
        _ => throw new ArgumentException($"未知的达标规则 {rule.Kind}", nameof(rule)),
    };

    /// <summary>Each school of the city with the tags, and how many live agreements it is a party of in the role.</summary>
    private async Task<ComplianceResult> TaggedInRoleAsync(ComplianceRule rule, CancellationToken ct)
    {
        var tagged = db.Institutions.AsNoTracking().Where(i => i.CityCode == city && i.Tags.Contains(rule.Tag));
        foreach (var also in rule.AlsoTags ?? []) tagged = tagged.Where(i => i.Tags.Contains(also));
        var counts = await (from a in live
                            join p in db.AgreementParties on a.Id equals p.AgreementId
                            join i in tagged on p.InstitutionId equals i.Id
                            where p.Role == rule.Role
                            group a.Id by i.Code into g
                            select new { Code = g.Key, Count = g.Distinct().Count() }).ToDictionaryAsync(x => x.Code, x => x.Count, ct);
        var schools = await tagged.Select(i => new { i.Code, i.Name }).ToListAsync(ct);
        return Domain.Programs.Compliance.FromTaggedInRole(program, title, rule,
            schools.Select(i => new InstitutionCount(i.Code, i.Name, counts.GetValueOrDefault(i.Code))).ToList(), tagTitle);
    }

    /// <summary>Each lead of the city, and the partners (with their stages) of the live agreements it leads: one row per
    /// lead–partner pair, not every agreement with every party.</summary>
    private async Task<ComplianceResult> LeadsAsync(ComplianceRule rule, CancellationToken ct)
    {
        var leadTags = rule.LeadTags ?? [];
        var leads = db.Institutions.AsNoTracking().Where(i => i.CityCode == city && i.Tags.Any(t => leadTags.Contains(t)));
        var pairs = await (from a in live
                           join lp in db.AgreementParties on a.Id equals lp.AgreementId
                           join l in leads on lp.InstitutionId equals l.Id
                           join pp in db.AgreementParties on a.Id equals pp.AgreementId
                           join pi in db.Institutions on pp.InstitutionId equals pi.Id
                           where lp.Role == rule.Role && pp.Role == rule.PartnerRole
                           select new { Lead = l.Code, pi.Code, pi.Stages }).ToListAsync(ct);
        var all = await leads.Select(i => new { i.Code, i.Name }).ToListAsync(ct);
        return Domain.Programs.Compliance.FromLeads(program, title, rule, all.Select(i => new InstitutionCount(i.Code, i.Name, 0)).ToList(),
            pairs.Select(p => new LeadPartner(p.Lead, p.Code, p.Stages)).ToList());
    }

    /// <summary>Live agreements with a party in the role, counted per county of that party.</summary>
    private async Task<ComplianceResult> CountiesAsync(ComplianceRule rule, CancellationToken ct)
    {
        var perCounty = await (from a in live
                               join p in db.AgreementParties on a.Id equals p.AgreementId
                               join i in db.Institutions on p.InstitutionId equals i.Id
                               where p.Role == rule.Role && i.CountyCode != null
                               group a.Id by i.CountyCode into g
                               select new { County = g.Key!, Count = g.Distinct().Count() }).ToDictionaryAsync(x => x.County, x => x.Count, ct);
        return Domain.Programs.Compliance.FromCounties(program, title, rule, counties, perCounty);
    }

    /// <summary>The live agreements whose party in the role carries one of the tags, with the names of those parties.</summary>
    private async Task<ComplianceResult> TaggedAgreementsAsync(ComplianceRule rule, CancellationToken ct)
    {
        var tags = rule.Tags ?? [];
        var counted = live.Where(a => db.AgreementParties.Any(p => p.AgreementId == a.Id && p.Role == rule.Role &&
            db.Institutions.Any(i => i.Id == p.InstitutionId && i.Tags.Any(t => tags.Contains(t)))));
        // Parties in the order an agreement's parties are read with it (by id), as the in-memory measure sees them.
        var rows = await (from a in counted
                          join p in db.AgreementParties on a.Id equals p.AgreementId
                          join i in db.Institutions on p.InstitutionId equals i.Id
                          where p.Role == rule.Role
                          orderby a.Id, p.Id
                          select new { a.Id, a.Number, a.Title, i.Name }).ToListAsync(ct);
        return Domain.Programs.Compliance.FromTaggedAgreements(program, title, rule,
            rows.GroupBy(r => r.Id).Select(g => new CountedAgreement(g.First().Number, g.First().Title, g.Select(r => r.Name).ToList())).ToList(), tagTitle);
    }

    /// <summary>Each live agreement with its ended periods of the rule's workflow and its accepted values of the indicator.</summary>
    private async Task<ComplianceResult> EachPeriodAsync(ComplianceRule rule, CancellationToken ct)
    {
        var heads = await HeadsAsync(ct);
        var periods = (await EndedPeriodsAsync(ct)).Where(p => p.Period.Workflow == rule.Workflow).ToLookup(p => p.Agreement, p => p.Period);
        var values = (await (from v in AcceptedValues(rule)
                             select new { v.AgreementId, v.Workflow, v.Name, v.Cycle, v.PeriodEnd, v.Number }).ToListAsync(ct))
            .ToLookup(v => v.AgreementId, v => new IndicatorFact(v.Workflow, v.Name, v.Cycle, v.PeriodEnd, v.Number!.Value));
        return Domain.Programs.Compliance.FromPeriods(program, title, rule, heads.Select(a =>
            new SignedAgreement(a.Number, program, [], a.Title, a.TermStart, periods[a.Id].ToList(), values[a.Id].ToList())).ToList());
    }

    /// <summary>Each live agreement with its accepted values of the indicator added up (in memory: SQLite cannot sum
    /// decimals, and there are only a few values per agreement).</summary>
    private async Task<ComplianceResult> PaceAsync(ComplianceRule rule, CancellationToken ct)
    {
        var heads = await HeadsAsync(ct);
        var sums = (await AcceptedValues(rule).Select(v => new { v.AgreementId, v.Number }).ToListAsync(ct))
            .GroupBy(v => v.AgreementId).ToDictionary(g => g.Key, g => g.Sum(v => v.Number!.Value));
        return Domain.Programs.Compliance.FromPace(program, title, rule,
            heads.Select(a => new AgreementTotal(a.Number, a.Title, a.TermStart, sums.GetValueOrDefault(a.Id))).ToList(), day);
    }

    /// <summary>The accepted numeric values of the rule's indicator (and workflow, when it names one) for periods ended by the day.</summary>
    private IQueryable<IndicatorValue> AcceptedValues(ComplianceRule rule)
    {
        var values = from v in db.IndicatorValues.AsNoTracking()
                     join a in live on v.AgreementId equals a.Id
                     where v.Accepted && v.Number != null && v.PeriodEnd <= day && v.Name == rule.Indicator
                     select v;
        return rule.Workflow.Length == 0 ? values : values.Where(v => v.Workflow == rule.Workflow);
    }

    /// <summary>The ended periods of the live agreements' cycles, read once for the program's rules. The cycles are
    /// found from the agreements (by parent), not by workflow: all cycles of a workflow are many more rows.</summary>
    private async Task<List<(Guid Agreement, ReportPeriod Period)>> EndedPeriodsAsync(CancellationToken ct) =>
        _periods ??= (await (from c in db.Instances.AsNoTracking()
                             join a in live on c.ParentId equals a.InstanceId
                             select new { a.Id, c.DefinitionId, c.ContextJson }).ToListAsync(ct))
            .Select(c => (c.Id, Period: PeriodOf(c.DefinitionId, c.ContextJson))).Where(p => p.Period is { } x && x.PeriodEnd <= day)
            .Select(p => (p.Id, p.Period!)).ToList();

    private async Task<List<LiveHead>> HeadsAsync(CancellationToken ct) =>
        _heads ??= await live.Select(a => new LiveHead(a.Id, a.Number, a.Title, a.TermStart)).ToListAsync(ct);

    private sealed record LiveHead(Guid Id, string Number, string Title, DateOnly TermStart);

    private static ReportPeriod? PeriodOf(string workflow, string contextJson)
    {
        if (JsonNode.Parse(contextJson) is not JsonObject context) return null;
        return DateOnly.TryParseExact(context["periodEnd"]?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? new ReportPeriod(workflow, context["periodKey"]?.ToString() ?? "", context["periodLabel"]?.ToString() ?? "", end) : null;
    }
}
