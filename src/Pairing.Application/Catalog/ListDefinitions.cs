using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Catalog;

/// <summary>A published version: ids for links and the API; the title, city and program a user reads.</summary>
public sealed record PublishedDefinition(string Id, int Version, string Title, string Hash, DateTime PublishedAt, int Instances,
    string? CityName = null, string? ProgramTitle = null);

/// <summary>流程: every published definition and version, with how many instances run on it.</summary>
public static class ListDefinitions
{
    public sealed record Query : IRequest<IReadOnlyList<PublishedDefinition>>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions) : IRequestHandler<Query, IReadOnlyList<PublishedDefinition>>
    {
        public async Task<IReadOnlyList<PublishedDefinition>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var counts = await db.Instances.GroupBy(i => new { i.DefinitionId, i.DefinitionVersion })
                .Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, Count = g.Count() }).ToListAsync(ct);
            var cities = await db.Cities.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
            var result = new List<PublishedDefinition>();
            foreach (var d in await db.Definitions.AsNoTracking().OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(ct))
            {
                var info = ProgramInfo.Of(await definitions.GetAsync(d.DefinitionId, d.Version, ct));
                result.Add(new PublishedDefinition(d.DefinitionId, d.Version, d.Title, d.Hash, d.PublishedAt,
                    counts.FirstOrDefault(c => c.DefinitionId == d.DefinitionId && c.DefinitionVersion == d.Version)?.Count ?? 0,
                    info is null ? null : cities.GetValueOrDefault(info.City, info.City), info?.Title));
            }
            return result;
        }
    }
}
