using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Programs;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Dashboard;

public sealed record CountValue(string Label, int Value);

public sealed record CountyOption(string Code, string Name);

/// <summary>The agreements behind a figure: a program's agreements live on a day, optionally those where an
/// institution, or any party in a county, takes a role. Hosts turn it into a link to the agreement list.</summary>
public sealed record DrillDown(string City, string Program, DateOnly Live, string? County = null, string? Institution = null, string? Role = null);

/// <summary>One row under a target: an institution, a county or an agreement, with its count against its goal.
/// Code is shown only when it is an institution's code or an agreement's number (a county's internal code is not);
/// Agreement links straight to that agreement, Behind to the agreements counted for the row.</summary>
public sealed record TargetRow(ComplianceDetail Detail, string? Code, string? Agreement, DrillDown? Behind);

/// <summary>One target as the dashboard shows it for its scope (the city, or one county): Measure says what Actual and
/// Target count there. Met is null when the county has nothing this target measures. CityWide says the figure could
/// not be narrowed to the county and is the city's; Note says so plainly, and how many of the agreements counted
/// involve the county (CountyBehind lists them).</summary>
public sealed record TargetFigure(ComplianceResult Result, string Scope, string Measure, int Actual, int Target, bool? Met, bool CityWide, string? Note,
    DrillDown? Behind, DrillDown? CountyBehind, IReadOnlyList<TargetRow> Rows);

/// <summary>What a bureau watches: each program's target against reality in its city, or in one county — as figures
/// for that scope — and for the same scope overdue reports by county and agreements by state.</summary>
public sealed record DashboardData(string City, string CityName, string? County, string? CountyName, IReadOnlyList<TargetFigure> Figures,
    IReadOnlyList<CountValue> OverdueByCounty, IReadOnlyList<CountValue> AgreementsByState, IReadOnlyList<CountyOption> Counties, DateOnly AsOf)
{
    /// <summary>What the figures are measured for: the county's name, or 全市.</summary>
    public string ScopeName => CountyName ?? "全市";
}

/// <summary>看板 for a bureau or an administrator: its city (a county bureau: its county; the city: any county or all).</summary>
public static class ShowDashboard
{
    public const string WholeCity = "全市";

    /// <summary>AsOf: the day the targets are measured on (today when null).</summary>
    public sealed record Query(string User, string? County, DateOnly? AsOf = null) : IRequest<DashboardData>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, ComplianceCalculator calculator, ProgramDirectory programs)
        : IRequestHandler<Query, DashboardData>
    {
        public async Task<DashboardData> Handle(Query request, CancellationToken ct)
        {
            var county = request.County;
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            AgreementPolicy.EnsureBureau(account, "看板供教育局和管理员使用");
            county = AgreementPolicy.CountyReach(account, county);
            var city = await db.Cities.AsNoTracking().FirstAsync(c => c.Code == account.CityCode, ct);
            var counties = await db.Counties.AsNoTracking().Where(c => c.CityCode == city.Code).OrderBy(c => c.AdminCode).ToListAsync(ct);
            if (county is not null && counties.All(c => c.Code != county))
                throw new PairingException(ErrorKind.NotFound, $"本市没有县（市、区）{county}", "county");
            var measured = (await calculator.ComputeAsync(city.Code, request.AsOf, ct)).Single();

            // Everything below is counted and grouped by the database; a county view narrows by the parties whose
            // institution (by code, as the list's county filter) is one of the county's.
            var countyInstitutions = db.Institutions.Where(i => i.CityCode == city.Code && i.CountyCode == county).Select(i => i.Code);
            var countyAgreements = db.AgreementParties.Where(p => countyInstitutions.Contains(p.InstitutionCode)).Select(p => p.AgreementId);
            var inScope = db.Agreements.AsNoTracking().Where(a => a.CityCode == city.Code);
            if (county is not null) inScope = inScope.Where(a => countyAgreements.Contains(a.Id));

            var rules = new List<ComplianceRule>();
            foreach (var program in await programs.ProgramsAsync(city.Code, ct))
                rules.AddRange(JsonParams.Compliance(program.Definition.Parameters["compliance"]));
            var scope = county is null
                ? new Scope(city.Code, null, null, measured.AsOf, [], [])
                : new Scope(city.Code, county, counties.First(c => c.Code == county).Name, measured.AsOf,
                    (await countyInstitutions.ToListAsync(ct)).ToHashSet(),
                    await inScope.Where(calculator.LiveOn(measured.AsOf)).Select(a => new LiveAgreement(a.Number, a.Program)).ToListAsync(ct));
            // The calculator measures the rules of each program in this same order.
            var figures = measured.Programs.Select((result, n) => Figure(result, rules.Count == measured.Programs.Count ? rules[n] : null, scope)).ToList();

            var states = new List<CountValue>();
            var byState = await (from a in inScope
                                 join i in db.Instances on a.InstanceId equals i.Id
                                 group a.Id by new { a.DefinitionId, i.DefinitionVersion, i.State } into g
                                 select new { g.Key.DefinitionId, g.Key.DefinitionVersion, g.Key.State, Count = g.Count() }).ToListAsync(ct);
            foreach (var group in byState)
            {
                var definition = await definitions.GetAsync(group.DefinitionId, group.DefinitionVersion, ct);
                states.Add(new CountValue(definition.State(group.State).Title, group.Count));
            }
            states = states.GroupBy(s => s.Label).Select(g => new CountValue(g.Key, g.Sum(s => s.Value))).OrderByDescending(s => s.Value).ToList();

            // An overdue report cycle counts for every county one of its agreement's parties is in: cycles are counted
            // per agreement first, so each agreement meets its parties once rather than once per cycle.
            // Asked per agreement of the city (an index lookup on state, status and parent each), so the database
            // never walks the overdue cycles of the other cities.
            var overduePerAgreement = from a in db.Agreements
                                      where a.CityCode == city.Code
                                      let cycles = db.Instances.Count(c => c.ParentId == a.InstanceId && c.State == "overdue" && c.Status == InstanceStatus.Open)
                                      where cycles > 0
                                      select new { Agreement = a.Id, Cycles = cycles };
            var overdue = await (from x in (from o in overduePerAgreement
                                            join p in db.AgreementParties on o.Agreement equals p.AgreementId
                                            join i in db.Institutions on p.InstitutionCode equals i.Code
                                            where i.CityCode == city.Code && i.CountyCode != null
                                            select new { o.Agreement, County = i.CountyCode!, o.Cycles }).Distinct()
                                 group x.Cycles by x.County into g
                                 select new { County = g.Key, Cycles = g.Sum() }).ToDictionaryAsync(x => x.County, x => x.Cycles, ct);
            var byCounty = counties.Where(c => county is null || c.Code == county).Select(c => new CountValue(c.Name, overdue.GetValueOrDefault(c.Code))).ToList();

            return new DashboardData(city.Code, city.Name, county, scope.CountyName, figures, byCounty, states,
                counties.Select(c => new CountyOption(c.Code, c.Name)).ToList(), measured.AsOf);
        }
    }

    private sealed record LiveAgreement(string Number, string Program);

    /// <summary>The scope a figure is narrowed to, and what narrowing a county view needs: the county's institutions
    /// and the agreements live on the day with a party among them (both empty for the whole city).</summary>
    private sealed record Scope(string City, string? County, string? CountyName, DateOnly Day, HashSet<string> CountyInstitutions,
        List<LiveAgreement> LiveInCountyAgreements)
    {
        public bool InCounty(string institution) => County is null || CountyInstitutions.Contains(institution);

        private readonly HashSet<string> _numbers = LiveInCountyAgreements.Select(a => a.Number).ToHashSet();

        public bool AgreementInCounty(string number) => County is null || _numbers.Contains(number);

        public int LiveInCounty(string program) => LiveInCountyAgreements.Count(a => a.Program == program);
    }

    /// <summary>A target for the scope: the city's result as measured, or — in a county view — the county's own part
    /// of it where the target is made of per-county, per-institution or per-agreement rows; a city-wide number stays
    /// the city's and says so.</summary>
    private static TargetFigure Figure(ComplianceResult result, ComplianceRule? rule, Scope scope)
    {
        var role = rule?.Role is { Length: > 0 } r ? r : null;
        var all = new DrillDown(scope.City, result.Program, scope.Day);
        var inCounty = scope.County is null ? null : all with { County = scope.County };
        switch (result.Kind)
        {
            case Domain.Programs.Compliance.PerCountyCount:
                {
                    var rows = result.Details.Where(d => scope.County is null || d.Code == scope.County)
                        .Select(d => new TargetRow(d, null, null, all with { County = d.Code, Role = role })).ToList();
                    if (scope.County is null) return City(result, all, rows);
                    var own = rows.SingleOrDefault();
                    return own is null
                        ? new(result, scope.CountyName!, result.Measure, 0, 0, null, false, "本县（市、区）不在此目标的统计范围内", null, null, [])
                        : new(result, scope.CountyName!, $"{scope.CountyName}计入的协议数（本县目标 {own.Detail.Goal} 个）", own.Detail.Count, own.Detail.Goal,
                            own.Detail.Met, false, null, own.Behind, null, []);
                }
            case Domain.Programs.Compliance.EachTaggedInRole or Domain.Programs.Compliance.LeadPartners:
                {
                    // Each tagged school (or lead) counts on its own: a county's are the schools in it.
                    var rows = result.Details.Where(d => scope.InCounty(d.Code))
                        .Select(d => new TargetRow(d, d.Code, null, all with { Institution = d.Code, Role = role })).ToList();
                    return scope.County is null ? City(result, null, rows) : Narrowed(result, scope, rows, "所学校", "本县（市、区）没有此目标要求的学校", null);
                }
            case Domain.Programs.Compliance.IndicatorEachPeriod or Domain.Programs.Compliance.IndicatorPace:
                {
                    var rows = result.Details.Where(d => scope.AgreementInCounty(d.Code)).Select(d => new TargetRow(d, d.Code, d.Code, null)).ToList();
                    return scope.County is null ? City(result, all, rows) : Narrowed(result, scope, rows, "个协议（有本县学校参与）", "本县（市、区）没有此目标统计的协议", inCounty);
                }
            case Domain.Programs.Compliance.CountTaggedRole:
                {
                    var rows = result.Details.Where(d => scope.AgreementInCounty(d.Code)).Select(d => new TargetRow(d, d.Code, d.Code, null)).ToList();
                    return scope.County is null ? City(result, null, rows)
                        : new(result, WholeCity, result.Measure, result.Actual, result.Target, result.Met, true,
                            $"此目标只对全市设定，数字为全市合计；其中有{scope.CountyName}学校参与的 {rows.Count} 个", null, null, rows);
                }
            default:
                return scope.County is null ? City(result, all, [])
                    : new(result, WholeCity, result.Measure, result.Actual, result.Target, result.Met, true,
                        $"此目标只对全市设定，数字为全市合计；其中有{scope.CountyName}学校参与的 {scope.LiveInCounty(result.Program)} 个", all, inCounty, []);
        }
    }

    private static TargetFigure City(ComplianceResult result, DrillDown? behind, List<TargetRow> rows) =>
        new(result, WholeCity, result.Measure, result.Actual, result.Target, result.Met, false, null, behind, null, rows);

    /// <summary>A county's part of a target made of rows: how many of its rows meet their goal, out of its rows.</summary>
    private static TargetFigure Narrowed(ComplianceResult result, Scope scope, List<TargetRow> rows, string unit, string none, DrillDown? behind) =>
        rows.Count == 0
            ? new(result, scope.CountyName!, result.Measure, 0, 0, null, false, none, null, null, [])
            : new(result, scope.CountyName!, $"{scope.CountyName}：{rows.Count} {unit}中已达标的数目", rows.Count(x => x.Detail.Met), rows.Count,
                rows.All(x => x.Detail.Met), false, null, behind, null, rows);
}
