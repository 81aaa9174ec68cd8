using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application.Catalog;
using Pairing.Application.Compliance;
using Pairing.Application.Dashboard;
using Pairing.Application.Documents;
using Pairing.Application.Operations;
using Pairing.Application.Plugins;
using Pairing.Application.Seeding;
using Pairing.Domain.Programs;
using Pairing.Testing;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

/// <summary>Compliance and the dashboard count and group in the database. On both demo cities (every kind of target
/// has agreements behind it) and a bulk copy of each, the figures equal a plain count over everything read into memory:
/// every live agreement with its parties, the whole registry, every report period and value, measured by the domain's
/// in-memory rules; and the dashboard's states and overdue reports equal a count agreement by agreement, for the city
/// and for each county.</summary>
public sealed class ComplianceAggregateTests(ComplianceAggregateTests.Worlds worlds) : IClassFixture<ComplianceAggregateTests.Worlds>
{
    /// <summary>Before anything is signed, in each semester of the terms, and after the terms have ended.</summary>
    private static readonly DateOnly[] Days = [new(2024, 8, 31), new(2025, 3, 1), new(2025, 9, 1), new(2026, 3, 1), new(2026, 11, 20), new(2027, 8, 1)];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Compliance_equals_the_count_over_every_fact_in_memory(string provider)
    {
        var app = await worlds.GetAsync(provider);
        var kinds = new HashSet<string>();
        foreach (var day in Days)
            foreach (var measured in await app.Send(new ComputeCompliance.Query(null, null, day)))
            {
                var expected = await PlainCountAsync(app, measured.City, day);
                Assert.Equal(Json(expected), Json(measured.Programs));
                kinds.UnionWith(measured.Programs.Where(p => p.Actual > 0).Select(p => p.Kind));
            }
        // Every kind of target counted something on some day, so each aggregate was compared with real rows.
        Assert.Equal(Domain.Programs.Compliance.Kinds.Order(), kinds.Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dashboard_states_overdue_and_county_figures_equal_a_count_agreement_by_agreement(string provider)
    {
        var app = await worlds.GetAsync(provider);
        foreach (var (city, user) in new[] { ("qingyuan", "qy.city"), ("jieyang", "jy.city") })
        {
            var facts = await AgreementFactsAsync(app, city);
            var counties = await CountiesAsync(app, city);
            foreach (var county in counties.Select(c => c.Key).Prepend(null))
            {
                var dashboard = await app.Send(new ShowDashboard.Query(user, county));
                var inScope = facts.Where(a => county is null || a.Counties.Contains(county)).ToList();
                Assert.Equal(inScope.GroupBy(a => a.StateTitle).Select(g => (g.Key, g.Count())).OrderBy(x => x.Key, StringComparer.Ordinal),
                    dashboard.AgreementsByState.Select(s => (s.Label, s.Value)).OrderBy(x => x.Label, StringComparer.Ordinal));
                Assert.Equal(counties.Where(c => county is null || c.Key == county).Select(c => (c.Value, facts.Where(a => a.Counties.Contains(c.Key)).Sum(a => a.Overdue))),
                    dashboard.OverdueByCounty.Select(c => (c.Label, c.Value)));
                if (county is null) continue;
                // A county view lists only the rows of agreements with a party in the county, and says how many of a
                // city-wide figure's agreements involve it.
                var live = facts.Where(a => a.Live && a.Counties.Contains(county)).ToList();
                foreach (var figure in dashboard.Figures)
                {
                    if (figure.Result.Kind is Domain.Programs.Compliance.IndicatorEachPeriod or Domain.Programs.Compliance.IndicatorPace
                        or Domain.Programs.Compliance.CountTaggedRole)
                        Assert.Equal(figure.Result.Details.Select(d => d.Code).Where(n => live.Any(a => a.Number == n)), figure.Rows.Select(r => r.Detail.Code));
                    if (figure.Result.Kind == Domain.Programs.Compliance.SignedPairs)
                        Assert.Contains($"学校参与的 {live.Count(a => a.Program == figure.Result.Program)} 个", figure.Note, StringComparison.Ordinal);
                }
            }
            Assert.True(facts.Sum(a => a.Overdue) > 0, $"{city} has overdue reports to count");
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>What compliance measured before it counted in the database: every live agreement of each program with
    /// its parties as the registry describes them, its ended periods and accepted values, read into memory and measured
    /// by <see cref="Domain.Programs.Compliance.Evaluate"/>.</summary>
    private static async Task<List<ComplianceResult>> PlainCountAsync(AppServices app, string city, DateOnly day)
    {
        var calculator = app.Get<ComplianceCalculator>();
        var tags = await app.Get<ProgramDirectory>().TagsAsync();
        await using var db = app.Db();
        var institutions = await db.Institutions.AsNoTracking().ToListAsync();
        var byId = institutions.ToDictionary(i => i.Id);
        var registry = institutions.Where(i => i.CityCode == city).ToList();
        var counties = await db.Counties.AsNoTracking().Where(k => k.CityCode == city).ToListAsync();
        var agreements = (await db.Agreements.AsNoTracking().Include(a => a.Parties).Where(a => a.CityCode == city).ToListAsync())
            .Where(a => calculator.IsLive(a, day)).ToList();
        var cycles = await db.Instances.AsNoTracking().Where(i => i.ParentId != null).ToListAsync();
        var values = await db.IndicatorValues.AsNoTracking().Where(v => v.Accepted && v.Number != null && v.PeriodEnd <= day).ToListAsync();
        var results = new List<ComplianceResult>();
        foreach (var program in await app.Get<ProgramDirectory>().ProgramsAsync(city))
        {
            var signed = agreements.Where(a => a.Program == program.Program).Select(a => new SignedAgreement(a.Number, a.Program,
                a.Parties.Select(p => byId[p.InstitutionId]).Zip(a.Parties, (i, p) => new PartyFacts(p.Role, i.Code, i.Name, i.CountyCode, i.Tags, i.Stages, i.CityCode)).ToList(),
                a.Title, a.TermStart,
                cycles.Where(c => c.ParentId == a.InstanceId).Select(c => PeriodOf(c.DefinitionId, c.ContextJson)).OfType<ReportPeriod>().Where(p => p.PeriodEnd <= day).ToList(),
                values.Where(v => v.AgreementId == a.Id).Select(v => new IndicatorFact(v.Workflow, v.Name, v.Cycle, v.PeriodEnd, v.Number!.Value)).ToList())).ToList();
            foreach (var rule in JsonParams.Compliance(program.Definition.Parameters["compliance"]))
                results.Add(Domain.Programs.Compliance.Evaluate(program.Program, program.Definition.Title, rule, signed, registry, tags.Title, counties, day));
        }
        return results;
    }

    private static ReportPeriod? PeriodOf(string workflow, string contextJson) =>
        JsonNode.Parse(contextJson) is JsonObject context &&
        DateOnly.TryParseExact(context["periodEnd"]?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? new ReportPeriod(workflow, context["periodKey"]?.ToString() ?? "", context["periodLabel"]?.ToString() ?? "", end)
            : null;

    /// <summary>Each agreement of the city as the dashboard counts it, one by one: its state's title, the counties of
    /// its parties (by the city's registry), its open overdue report cycles, whether it is live today.</summary>
    private sealed record AgreementFact(string Number, string Program, string StateTitle, HashSet<string> Counties, int Overdue, bool Live);

    private static async Task<List<AgreementFact>> AgreementFactsAsync(AppServices app, string city)
    {
        var calculator = app.Get<ComplianceCalculator>();
        var definitions = app.Get<DefinitionStore>();
        await using var db = app.Db();
        var countyOf = await db.Institutions.AsNoTracking().Where(i => i.CityCode == city && i.CountyCode != null).ToDictionaryAsync(i => i.Code, i => i.CountyCode!);
        var instances = await db.Instances.AsNoTracking().ToListAsync();
        var facts = new List<AgreementFact>();
        foreach (var a in await db.Agreements.AsNoTracking().Include(a => a.Parties).Where(a => a.CityCode == city).ToListAsync())
        {
            var instance = instances.Single(i => i.Id == a.InstanceId);
            var definition = await definitions.GetAsync(a.DefinitionId, instance.DefinitionVersion);
            facts.Add(new AgreementFact(a.Number, a.Program, definition.State(instance.State).Title,
                a.Parties.Where(p => countyOf.ContainsKey(p.InstitutionCode)).Select(p => countyOf[p.InstitutionCode]).ToHashSet(),
                instances.Count(i => i.ParentId == a.InstanceId && i.State == "overdue" && i.Status == InstanceStatus.Open),
                calculator.IsLive(a, calculator.Today)));
        }
        return facts;
    }

    private static async Task<List<KeyValuePair<string, string>>> CountiesAsync(AppServices app, string city)
    {
        await using var db = app.Db();
        return (await db.Counties.AsNoTracking().Where(c => c.CityCode == city).OrderBy(c => c.AdminCode).ToListAsync())
            .Select(c => new KeyValuePair<string, string>(c.Code, c.Name)).ToList();
    }

    /// <summary>One database per provider, made once for the class: both demo cities walked through the real workflow on
    /// a clock standing at 2026-11-20, then each copied once in bulk (its own schools, same states).</summary>
    public sealed class Worlds : IAsyncLifetime
    {
        private readonly Dictionary<string, Task<(TestDatabase Database, ServiceProvider Services, string Files)>> _worlds = [];
        private readonly Lock _lock = new();

        public async Task<AppServices> GetAsync(string provider)
        {
            Task<(TestDatabase, ServiceProvider, string)> world;
            lock (_lock)
            {
                if (!_worlds.TryGetValue(provider, out world!)) _worlds[provider] = world = CreateAsync(provider);
            }
            return new AppServices((await world).Item2);
        }

        private static async Task<(TestDatabase, ServiceProvider, string)> CreateAsync(string provider)
        {
            var database = await TestDatabase.CreateAsync(provider);
            var files = Directory.CreateTempSubdirectory("pairing-aggregates").FullName;
            var settings = new DocumentSettings(Path.Combine(RepoPaths.Root, "templates"), Path.Combine(files, "pki"), "https://pairing.test");
            var services = new ServiceCollection()
                .AddPairing(new PairingOptions(database.ConnectionString, settings, TestClock.AtLocal(2026, 11, 20))).BuildServiceProvider();
            var app = new AppServices(services);
            await app.Send(new MigrateDatabase.Command());
            await app.Send(new PublishDefinitions.Command([RepoPaths.Workflows]));
            foreach (var city in Seeder.Cities)
            {
                await app.Send(new SeedDemoCity.Command(city));
                await app.Send(new ScaleUpDemo.Command(city, 1));
            }
            return (database, services, files);
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (var world in _worlds.Values)
            {
                var (database, services, files) = await world;
                await services.DisposeAsync();
                await database.DisposeAsync();
                Directory.Delete(files, recursive: true);
            }
        }
    }
}
