using Pairing.Workflows.Definitions;

namespace Pairing.Application.Catalog;

public sealed record CatalogEntry(string File, WorkflowDefinition Definition);

public sealed record CatalogLoad(IReadOnlyList<CatalogEntry> Entries, IReadOnlyList<DefinitionError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>Reads definition files (a file or a folder of *.json), validating each and the references between them.</summary>
public sealed class WorkflowCatalog(DefinitionLoader loader)
{
    public CatalogLoad Load(IEnumerable<string> paths)
    {
        var entries = new List<CatalogEntry>();
        var errors = new List<DefinitionError>();
        foreach (var file in Expand(paths, errors))
        {
            var result = loader.Load(Path.GetRelativePath(Directory.GetCurrentDirectory(), file), File.ReadAllText(file));
            errors.AddRange(result.Errors);
            if (result.Definition is not null) entries.Add(new(file, result.Definition));
        }
        errors.AddRange(DefinitionLoader.ValidateSet(entries.Select(e => (e.File, e.Definition)).ToList()));
        return new(entries, errors);
    }

    private static IEnumerable<string> Expand(IEnumerable<string> paths, List<DefinitionError> errors)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                foreach (var f in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order()) yield return f;
            else if (File.Exists(path)) yield return path;
            else errors.Add(new(path, "$", "文件或目录不存在"));
        }
    }

    /// <summary>The workflows/ folder next to the current directory or one of its parents, so commands work from
    /// the repository root and from project folders alike.</summary>
    public static string DefaultFolder() => FindUp("workflows") ?? "workflows";

    public static string? FindUp(string name)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (Directory.Exists(candidate)) return candidate;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
