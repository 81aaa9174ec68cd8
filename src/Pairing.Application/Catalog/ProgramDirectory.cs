using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Catalog;

/// <summary>The registry's tag names: every tag the published definitions declare.</summary>
public sealed class TagVocabulary(IReadOnlyDictionary<string, string> names)
{
    public IReadOnlyDictionary<string, string> Names { get; } = names;

    public string Title(string code) => Names.GetValueOrDefault(code, code);

    /// <summary>A tag as written in a registry list: its code or its Chinese name; null when unknown.</summary>
    public string? Parse(string text)
    {
        var t = text.Trim();
        return Names.ContainsKey(t) ? t : Names.FirstOrDefault(kv => kv.Value == t).Key;
    }
}

/// <summary>The programs and the registry vocabulary as published: the latest version of every definition decides
/// which programs a city has, what they are called, how their agreements are numbered, and which tags exist.</summary>
public sealed class ProgramDirectory(PairingDatabase database, DefinitionStore definitions)
{
    public async Task<IReadOnlyList<WorkflowDefinition>> LatestDefinitionsAsync(CancellationToken ct = default)
    {
        await using var db = database.Create();
        var latest = await db.Definitions.AsNoTracking().GroupBy(d => d.DefinitionId)
            .Select(g => new { Id = g.Key, Version = g.Max(d => d.Version) }).ToListAsync(ct);
        var list = new List<WorkflowDefinition>();
        foreach (var l in latest.OrderBy(l => l.Id, StringComparer.Ordinal)) list.Add(await definitions.GetAsync(l.Id, l.Version, ct));
        return list;
    }

    /// <summary>The programs of a city (every city's when null), ordered by program.</summary>
    public async Task<IReadOnlyList<ProgramInfo>> ProgramsAsync(string? city, CancellationToken ct = default) =>
        (await LatestDefinitionsAsync(ct)).Select(ProgramInfo.Of).OfType<ProgramInfo>()
            .Where(p => city is null || p.City == city).OrderBy(p => p.Program, StringComparer.Ordinal).ToList();

    public async Task<ProgramInfo> ProgramAsync(string? program, string city, CancellationToken ct = default)
    {
        var programs = await ProgramsAsync(city, ct);
        return programs.FirstOrDefault(p => p.Program == program)
            ?? throw new PairingException(ErrorKind.Invalid,
                $"未知项目 {program}（本市可选：{string.Join("、", programs.Select(p => $"{p.Program}（{p.Title}）"))}）", "program");
    }

    /// <summary>The Chinese name of a program, from the definition an agreement runs on.</summary>
    public async Task<string> TitleAsync(string definitionId, CancellationToken ct = default) =>
        ProgramInfo.Of(await definitions.LatestAsync(definitionId, ct))?.Title ?? definitionId;

    public async Task<TagVocabulary> TagsAsync(CancellationToken ct = default)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in await LatestDefinitionsAsync(ct))
            foreach (var (code, name) in ProgramInfo.TagsOf(definition))
                names.TryAdd(code, name);
        return new TagVocabulary(names);
    }
}
