using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Compliance;

/// <summary>A city's programs measured on one day.</summary>
public sealed record CityCompliance(string City, string CityName, IReadOnlyList<ComplianceResult> Programs, DateOnly AsOf);

/// <summary>Each program's target (from its definition's "compliance" parameter) against the agreements live on a
/// day: signed by then, within their term, and not ended before it. A renewal therefore takes over on the day after
/// its predecessor's term ends, and an expired or terminated agreement stops counting.</summary>
public sealed class ComplianceCalculator(PairingDatabase database, ProgramDirectory programDirectory, EngineOptions engine, TimeProvider clock)
{
    /// <summary>Today in local (Beijing) time: the default day of every count.</summary>
    public DateOnly Today => engine.LocalDate(clock.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<CityCompliance>> ComputeAsync(string? city = null, DateOnly? asOf = null, CancellationToken ct = default)
    {
        var day = asOf ?? Today;
        await using var db = database.Create();
        var cities = await db.Cities.AsNoTracking().Where(c => city == null || c.Code == city).OrderBy(c => c.Code).ToListAsync(ct);
        if (city is not null && cities.Count == 0)
            throw new PairingException(ErrorKind.NotFound, $"城市 {city} 不存在（请先 seed 或导入）", "city");
        var tags = await programDirectory.TagsAsync(ct);
        var result = new List<CityCompliance>();
        foreach (var c in cities)
        {
            var institutions = await db.Institutions.AsNoTracking().Where(i => i.CityCode == c.Code).ToListAsync(ct);
            var byId = institutions.ToDictionary(i => i.Id);
            var counties = await db.Counties.AsNoTracking().Where(k => k.CityCode == c.Code).ToListAsync(ct);
            var programs = new List<ComplianceResult>();
            foreach (var program in await programDirectory.ProgramsAsync(c.Code, ct))
            {
                var rules = JsonParams.Compliance(program.Definition.Parameters["compliance"]);
                if (rules.Count == 0) continue;
                var live = await LiveAsync(db, c.Code, program.Program, day, byId, ct);
                foreach (var rule in rules)
                    programs.Add(Domain.Programs.Compliance.Evaluate(program.Program, program.Definition.Title, rule, live, institutions, tags.Title, counties, day));
            }
            result.Add(new CityCompliance(c.Code, c.Name, programs, day));
        }
        return result;
    }

    /// <summary>Whether an agreement is live on a day: signed by then, the day within its term, not ended before.</summary>
    public bool IsLive(Agreement a, DateOnly day) =>
        a.FirstSignedAt is { } signed && engine.LocalDate(signed) <= day && a.TermStart <= day && day <= a.TermEnd &&
        (a.EndedAt is not { } ended || day < engine.LocalDate(ended));

    /// <summary><see cref="IsLive"/> as a condition the database evaluates (the list's drill-down filters by it): signed
    /// before the next local midnight, the day within the term, not ended before the next local midnight.</summary>
    public Expression<Func<Agreement, bool>> LiveOn(DateOnly day)
    {
        var nextMidnight = engine.LocalMidnightUtc(day.AddDays(1));
        return a => a.FirstSignedAt != null && a.FirstSignedAt < nextMidnight && a.TermStart <= day && a.TermEnd >= day &&
            (a.EndedAt == null || a.EndedAt >= nextMidnight);
    }

    /// <summary>The agreements live on the day, with their report periods that have ended by then and the accepted
    /// indicator values of those periods.</summary>
    private async Task<List<SignedAgreement>> LiveAsync(PairingDbContext db, string city, string program, DateOnly day,
        Dictionary<Guid, Institution> cityInstitutions, CancellationToken ct)
    {
        // Everything is selected by joining on the live agreements in the database, and matched up in memory by key:
        // no list of thousands of ids sent back as parameters, no scan of all periods for each agreement.
        var live = db.Agreements.AsNoTracking().Where(a => a.CityCode == city && a.Program == program).Where(LiveOn(day));
        var rows = await live.Include(a => a.Parties).ToListAsync(ct);
        // The parties are institutions of the city's registry, already read; any other (none in practice) is read by id.
        var missing = rows.SelectMany(a => a.Parties).Select(p => p.InstitutionId).Where(id => !cityInstitutions.ContainsKey(id)).Distinct().ToList();
        var institutions = missing.Count == 0 ? cityInstitutions
            : new Dictionary<Guid, Institution>(cityInstitutions.Concat(await db.Institutions.AsNoTracking().Where(i => missing.Contains(i.Id))
                .ToDictionaryAsync(i => i.Id, ct)));
        var periods = (await (from c in db.Instances.AsNoTracking()
                              join a in live on c.ParentId equals a.InstanceId
                              select new { c.ParentId, c.DefinitionId, c.ContextJson }).ToListAsync(ct))
            .Select(i => (i.ParentId, Period: PeriodOf(i.DefinitionId, i.ContextJson))).Where(p => p.Period is { } x && x.PeriodEnd <= day)
            .ToLookup(p => p.ParentId!.Value, p => p.Period!);
        var values = (await (from v in db.IndicatorValues.AsNoTracking()
                             join a in live on v.AgreementId equals a.Id
                             where v.Accepted && v.Number != null && v.PeriodEnd <= day
                             select v).ToListAsync(ct)).ToLookup(v => v.AgreementId);
        return rows.Select(a => new SignedAgreement(a.Number, a.Program, a.Parties.Select(p =>
            {
                var i = institutions[p.InstitutionId];
                return new PartyFacts(p.Role, i.Code, i.Name, i.CountyCode, i.Tags, i.Stages, i.CityCode);
            }).ToList(), a.Title, a.TermStart,
            periods[a.InstanceId].ToList(),
            values[a.Id].Select(v => new IndicatorFact(v.Workflow, v.Name, v.Cycle, v.PeriodEnd, v.Number!.Value)).ToList())).ToList();
    }

    private static ReportPeriod? PeriodOf(string workflow, string contextJson)
    {
        if (JsonNode.Parse(contextJson) is not JsonObject context) return null;
        return DateOnly.TryParseExact(context["periodEnd"]?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? new ReportPeriod(workflow, context["periodKey"]?.ToString() ?? "", context["periodLabel"]?.ToString() ?? "", end) : null;
    }
}
