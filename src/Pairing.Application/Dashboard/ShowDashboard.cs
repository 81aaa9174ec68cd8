using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Programs;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Dashboard;

public sealed record CountValue(string Label, int Value);

public sealed record CountyOption(string Code, string Name);

/// <summary>What a bureau watches: each program's target against reality in its city, and — for the city or for one
/// county — overdue reports by county and agreements by state.</summary>
public sealed record DashboardData(string City, string CityName, string? County, string? CountyName, IReadOnlyList<ComplianceResult> Programs,
    IReadOnlyList<CountValue> OverdueByCounty, IReadOnlyList<CountValue> AgreementsByState, IReadOnlyList<CountyOption> Counties, DateOnly AsOf);

/// <summary>看板 for a bureau or an administrator: its city (a county bureau: its county; the city: any county or all).</summary>
public static class ShowDashboard
{
    /// <summary>AsOf: the day the targets are measured on (today when null).</summary>
    public sealed record Query(string User, string? County, DateOnly? AsOf = null) : IRequest<DashboardData>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, ComplianceCalculator calculator) : IRequestHandler<Query, DashboardData>
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
            var compliance = measured.Programs;

            var agreements = await (
                from a in db.Agreements.AsNoTracking()
                join i in db.Instances.AsNoTracking() on a.InstanceId equals i.Id
                where a.CityCode == city.Code
                select new { a.Id, a.InstanceId, a.DefinitionId, i.State, i.DefinitionVersion, Codes = a.Parties.Select(p => p.InstitutionCode).ToList() }).ToListAsync(ct);
            var countyOf = await db.Institutions.AsNoTracking().Where(i => i.CityCode == city.Code && i.CountyCode != null)
                .ToDictionaryAsync(i => i.Code, i => i.CountyCode!, ct);
            var inScope = agreements.Where(a => county is null || a.Codes.Any(c => countyOf.GetValueOrDefault(c) == county)).ToList();

            var states = new List<CountValue>();
            foreach (var group in inScope.GroupBy(a => (a.DefinitionId, a.DefinitionVersion, a.State)))
            {
                var definition = await definitions.GetAsync(group.Key.DefinitionId, group.Key.DefinitionVersion, ct);
                states.Add(new CountValue(definition.State(group.Key.State).Title, group.Count()));
            }
            states = states.GroupBy(s => s.Label).Select(g => new CountValue(g.Key, g.Sum(s => s.Value))).OrderByDescending(s => s.Value).ToList();

            var parents = inScope.Select(a => a.InstanceId).ToList();
            var overdue = await db.Instances.AsNoTracking()
                .Where(i => i.ParentId != null && parents.Contains(i.ParentId.Value) && i.State == "overdue" && i.Status == InstanceStatus.Open)
                .Select(i => i.ParentId!.Value).ToListAsync(ct);
            var byCounty = counties.Where(c => county is null || c.Code == county).Select(c => new CountValue(c.Name,
                overdue.Count(parent => inScope.First(a => a.InstanceId == parent).Codes.Any(code => countyOf.GetValueOrDefault(code) == c.Code)))).ToList();

            return new DashboardData(city.Code, city.Name, county, counties.FirstOrDefault(c => c.Code == county)?.Name, compliance, byCounty, states,
                counties.Select(c => new CountyOption(c.Code, c.Name)).ToList(), measured.AsOf);
        }
    }
}
