using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;

namespace Pairing.Application.Catalog;

public sealed record PublishedDefinition(string Id, int Version, string Title, string Hash, DateTime PublishedAt, int Instances);

/// <summary>流程: every published definition and version, with how many instances run on it.</summary>
public static class ListDefinitions
{
    public sealed record Query : IRequest<IReadOnlyList<PublishedDefinition>>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, IReadOnlyList<PublishedDefinition>>
    {
        public async Task<IReadOnlyList<PublishedDefinition>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var counts = await db.Instances.GroupBy(i => new { i.DefinitionId, i.DefinitionVersion })
                .Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, Count = g.Count() }).ToListAsync(ct);
            return (await db.Definitions.AsNoTracking().OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(ct))
                .Select(d => new PublishedDefinition(d.DefinitionId, d.Version, d.Title, d.Hash, d.PublishedAt,
                    counts.FirstOrDefault(c => c.DefinitionId == d.DefinitionId && c.DefinitionVersion == d.Version)?.Count ?? 0)).ToList();
        }
    }
}
