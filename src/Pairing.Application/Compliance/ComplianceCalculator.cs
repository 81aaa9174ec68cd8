using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
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
            var programs = new List<ComplianceResult>();
            foreach (var program in await programDirectory.ProgramsAsync(c.Code, ct))
            {
                var rule = JsonParams.Compliance(program.Definition.Parameters["compliance"]);
                if (rule is null) continue;
                var live = await LiveAsync(db, c.Code, program.Program, day, ct);
                programs.Add(Domain.Programs.Compliance.Evaluate(program.Program, program.Definition.Title, rule, live, institutions, tags.Title));
            }
            result.Add(new CityCompliance(c.Code, c.Name, programs, day));
        }
        return result;
    }

    /// <summary>Whether an agreement is live on a day: signed by then, the day within its term, not ended before.</summary>
    public bool IsLive(Agreement a, DateOnly day) =>
        a.FirstSignedAt is { } signed && engine.LocalDate(signed) <= day && a.TermStart <= day && day <= a.TermEnd &&
        (a.EndedAt is not { } ended || day < engine.LocalDate(ended));

    private async Task<List<SignedAgreement>> LiveAsync(PairingDbContext db, string city, string program, DateOnly day, CancellationToken ct)
    {
        var rows = (await db.Agreements.AsNoTracking().Include(a => a.Parties)
            .Where(a => a.CityCode == city && a.Program == program && a.FirstSignedAt != null && a.TermStart <= day && a.TermEnd >= day)
            .ToListAsync(ct)).Where(a => IsLive(a, day)).ToList();
        var ids = rows.SelectMany(a => a.Parties).Select(p => p.InstitutionId).Distinct().ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return rows.Select(a => new SignedAgreement(a.Number, a.Program, a.Parties.Select(p =>
        {
            var i = institutions[p.InstitutionId];
            return new PartyFacts(p.Role, i.Code, i.Name, i.CountyCode, i.Tags, i.Stages, i.CityCode);
        }).ToList())).ToList();
    }
}
