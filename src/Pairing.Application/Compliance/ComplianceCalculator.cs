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
            var counties = await db.Counties.AsNoTracking().Where(k => k.CityCode == c.Code).ToListAsync(ct);
            var programs = new List<ComplianceResult>();
            foreach (var program in await programDirectory.ProgramsAsync(c.Code, ct))
            {
                var rules = JsonParams.Compliance(program.Definition.Parameters["compliance"]);
                if (rules.Count == 0) continue;
                var measures = new ProgramMeasures(db, c.Code, program.Program, program.Definition.Title, day, Live(db, c.Code, program.Program, day), counties, tags.Title);
                foreach (var rule in rules) programs.Add(await measures.MeasureAsync(rule, ct));
            }
            result.Add(new CityCompliance(c.Code, c.Name, programs, day));
        }
        return result;
    }

    /// <summary>A program's agreements in a city live on the day, as a query to join on.</summary>
    private IQueryable<Agreement> Live(PairingDbContext db, string city, string program, DateOnly day) =>
        db.Agreements.AsNoTracking().Where(a => a.CityCode == city && a.Program == program).Where(LiveOn(day));

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
}
