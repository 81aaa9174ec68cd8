using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pairing.Application;

namespace Pairing.Web.Pages.Workflows;

public sealed record PublishedDefinition(string Id, int Version, string Title, DateTime PublishedAt, int Instances);

/// <summary>流程: every published definition and version, with how many instances run on it.</summary>
public sealed class WorkflowsModel(PairingApp app) : PageModel
{
    public IReadOnlyList<PublishedDefinition> Definitions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = app.Db();
        var counts = await db.Instances.GroupBy(i => new { i.DefinitionId, i.DefinitionVersion })
            .Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, Count = g.Count() }).ToListAsync(ct);
        Definitions = (await db.Definitions.AsNoTracking().OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(ct))
            .Select(d => new PublishedDefinition(d.DefinitionId, d.Version, d.Title, d.PublishedAt,
                counts.FirstOrDefault(c => c.DefinitionId == d.DefinitionId && c.DefinitionVersion == d.Version)?.Count ?? 0)).ToList();
    }
}
