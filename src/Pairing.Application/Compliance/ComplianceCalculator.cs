using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Compliance;

public sealed record CityCompliance(string City, string CityName, IReadOnlyList<ComplianceResult> Programs);

/// <summary>Each program's target (from its definition's "compliance" parameter) against what is signed and not
/// terminated, per city. Used by the compliance and dashboard use cases.</summary>
public sealed class ComplianceCalculator(PairingDatabase database, ProgramDirectory programDirectory)
{
    public async Task<IReadOnlyList<CityCompliance>> ComputeAsync(string? city = null, CancellationToken ct = default)
    {
        await using var db = database.Create();
        var cities = await db.Cities.AsNoTracking().Where(c => city == null || c.Code == city).OrderBy(c => c.Code).ToListAsync(ct);
        if (city is not null && cities.Count == 0)
            throw new PairingException(ErrorKind.NotFound, $"城市 {city} 不存在（请先 seed 或导入）", "city");
        var result = new List<CityCompliance>();
        foreach (var c in cities)
        {
            var institutions = await db.Institutions.AsNoTracking().Where(i => i.CityCode == c.Code).ToListAsync(ct);
            var programs = new List<ComplianceResult>();
            var tags = await programDirectory.TagsAsync(ct);
            foreach (var program in await programDirectory.ProgramsAsync(c.Code, ct))
            {
                var definition = program.Definition;
                var rule = JsonParams.Compliance(definition.Parameters["compliance"]);
                if (rule is null) continue;
                var signed = await SignedAsync(db, c.Code, program.Program, ct);
                programs.Add(Domain.Programs.Compliance.Evaluate(program.Program, definition.Title, rule, signed, institutions, tags.Title));
            }
            result.Add(new CityCompliance(c.Code, c.Name, programs));
        }
        return result;
    }

    private static async Task<List<SignedAgreement>> SignedAsync(Data.PairingDbContext db, string city, string program, CancellationToken ct)
    {
        var rows = await (
            from a in db.Agreements.AsNoTracking().Include(a => a.Parties)
            join i in db.Instances.AsNoTracking() on a.InstanceId equals i.Id
            where a.CityCode == city && a.Program == program && a.FirstSignedAt != null && i.State != "terminated"
            select a).ToListAsync(ct);
        var ids = rows.SelectMany(a => a.Parties).Select(p => p.InstitutionId).Distinct().ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return rows.Select(a => new SignedAgreement(a.Number, a.Program, a.Parties.Select(p =>
        {
            var i = institutions[p.InstitutionId];
            return new PartyFacts(p.Role, i.Code, i.Name, i.CountyCode, i.Tags, i.Stages);
        }).ToList())).ToList();
    }
}
