using Pairing.Workflows.Definitions;

namespace Pairing.Application.Catalog;

public sealed record CatalogEntry(string File, WorkflowDefinition Definition);

public sealed record CatalogLoad(IReadOnlyList<CatalogEntry> Entries, IReadOnlyList<DefinitionError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>Reads definition files (a file or a folder of *.json), validating each and the references between them.
/// A definition may extend a shared lifecycle (an abstract definition, e.g. workflows/lifecycles/): bases are found
/// among the files read and in the default workflows folder. Abstract definitions are not entries of their own.</summary>
public sealed class WorkflowCatalog(DefinitionLoader loader)
{
    /// <summary>Reads and validates the files; child workflows may also be among the already published ids.</summary>
    public CatalogLoad Load(IEnumerable<string> paths, IEnumerable<string>? published = null)
    {
        var entries = new List<CatalogEntry>();
        var errors = new List<DefinitionError>();
        var files = Expand(paths, errors).ToList();
        var sources = files.Select(f => (File: f, Text: File.ReadAllText(f))).ToList();
        var bases = new Lazy<Dictionary<string, DefinitionSource>>(() => BasesFrom(sources));
        foreach (var (file, text) in sources)
        {
            var name = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
            if (DefinitionLoader.Parse(name, text) is { IsAbstract: true }) continue;
            var result = loader.Load(name, text, id => bases.Value.GetValueOrDefault(id));
            errors.AddRange(result.Errors);
            if (result.Definition is null) continue;
            errors.AddRange(ProgramInfo.Validate(name, result.Definition));
            entries.Add(new(file, result.Definition));
        }
        var set = entries.Select(e => (e.File, e.Definition)).ToList();
        errors.AddRange(DefinitionLoader.ValidateSet(set, published));
        errors.AddRange(ProgramInfo.ValidateSet(set));
        return new(entries, errors);
    }

    /// <summary>Every definition that can be extended, by id: those read, then those of the default folder.</summary>
    private static Dictionary<string, DefinitionSource> BasesFrom(IEnumerable<(string File, string Text)> read)
    {
        var all = read.ToList();
        var folder = DefaultFolder();
        if (Directory.Exists(folder))
            all.AddRange(Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order()
                .Where(f => all.All(a => Path.GetFullPath(a.File) != Path.GetFullPath(f))).Select(f => (f, File.ReadAllText(f))));
        var bases = new Dictionary<string, DefinitionSource>();
        foreach (var (file, text) in all)
            if (DefinitionLoader.Parse(Path.GetRelativePath(Directory.GetCurrentDirectory(), file), text) is { Id: { } id } source)
                bases.TryAdd(id, source);
        return bases;
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
