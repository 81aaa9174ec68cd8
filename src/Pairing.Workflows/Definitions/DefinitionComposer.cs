using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pairing.Workflows.Definitions;

/// <summary>A definition file as written, before its base is applied.</summary>
public sealed record DefinitionSource(string File, JsonObject Root)
{
    public string? Id => Root["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    public string? Extends => Root["extends"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    public bool IsAbstract => Root["abstract"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}

/// <summary>Applies <c>"extends"</c>: a definition names a shared (abstract) lifecycle and states only what differs.
/// Rules, from the base outwards: scalar keys and arrays are replaced; <c>parameters</c> and <c>metadata</c> merge
/// key by key; a state whose id the base has replaces that state in place, a new one is appended, and
/// <c>removeStates</c> drops states of the base. The result is one self-contained definition (what is published), and
/// a source map that sends each JSON path of it back to the file and path it came from, so validation errors point
/// at the file to fix.</summary>
public static partial class DefinitionComposer
{
    private static readonly HashSet<string> CompositionKeys = ["extends", "abstract", "removeStates"];
    private static readonly HashSet<string> MergedObjects = ["parameters", "metadata"];

    public static (JsonObject Merged, SourceMap Map, IReadOnlyList<DefinitionError> Errors) Compose(
        DefinitionSource leaf, Func<string, DefinitionSource?> findBase)
    {
        var errors = new List<DefinitionError>();
        var chain = new List<DefinitionSource> { leaf };
        for (var current = leaf; current.Extends is { } baseId;)
        {
            var at = current;
            var found = findBase(baseId);
            if (found is null)
            {
                errors.Add(new(at.File, "$.extends", $"找不到被继承的定义 '{baseId}'"));
                break;
            }
            if (chain.Any(c => c.Id == found.Id))
            {
                errors.Add(new(at.File, "$.extends", $"继承关系成环：{string.Join(" → ", chain.Select(c => c.Id))} → {baseId}"));
                break;
            }
            chain.Add(found);
            current = found;
        }
        chain.Reverse();

        var merged = new JsonObject();
        var map = new SourceMap(leaf.File);
        var states = new List<(JsonObject State, string File, int Index)>();
        foreach (var source in chain)
        {
            foreach (var (key, value) in source.Root)
            {
                if (CompositionKeys.Contains(key) || key == "states") continue;
                if (MergedObjects.Contains(key) && value is JsonObject part)
                {
                    var target = merged[key] as JsonObject ?? new JsonObject();
                    foreach (var (name, item) in part)
                    {
                        target[name] = item?.DeepClone();
                        map.Keys[$"{key}.{name}"] = source.File;
                    }
                    merged[key] = target;
                }
                else
                {
                    merged[key] = value?.DeepClone();
                    map.Keys[key] = source.File;
                }
            }
            if (source.Root["removeStates"] is JsonArray removed)
                for (var r = 0; r < removed.Count; r++)
                {
                    var id = removed[r] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                    var at = states.FindIndex(x => IdOf(x.State) == id);
                    if (at < 0) errors.Add(new(source.File, $"$.removeStates[{r}]", $"被继承的定义中没有状态 '{id}'"));
                    else states.RemoveAt(at);
                }
            if (source.Root["states"] is JsonArray own)
                for (var i = 0; i < own.Count; i++)
                {
                    if (own[i] is not JsonObject state)
                    {
                        states.Add((new JsonObject(), source.File, i));
                        continue;
                    }
                    var id = IdOf(state);
                    var at = id is null ? -1 : states.FindIndex(x => IdOf(x.State) == id);
                    if (at >= 0) states[at] = ((JsonObject)state.DeepClone(), source.File, i);
                    else states.Add(((JsonObject)state.DeepClone(), source.File, i));
                }
        }
        // The leaf names the result whatever its bases are called.
        foreach (var key in new[] { "id", "version", "title" })
        {
            merged[key] = leaf.Root[key]?.DeepClone();
            map.Keys[key] = leaf.File;
        }
        if (states.Count > 0 || chain.Any(c => c.Root["states"] is not null))
            merged["states"] = new JsonArray([.. states.Select(s => (JsonNode)s.State)]);
        for (var i = 0; i < states.Count; i++) map.States.Add((states[i].File, states[i].Index));
        return (merged, map, errors);
    }

    private static string? IdOf(JsonObject state) => state["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Where each part of a composed definition came from.</summary>
    public sealed partial class SourceMap(string leafFile)
    {
        public Dictionary<string, string> Keys { get; } = [];
        public List<(string File, int Index)> States { get; } = [];

        /// <summary>The file and path inside it for a path of the composed definition.</summary>
        public (string File, string Path) Locate(string path)
        {
            var state = StatePath().Match(path);
            if (state.Success && int.Parse(state.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < States.Count)
                return (States[i].File, $"$.states[{States[i].Index}]{path[state.Length..]}");
            var key = KeyPath().Match(path);
            if (key.Success)
            {
                var full = key.Groups[2].Success ? $"{key.Groups[1].Value}.{key.Groups[2].Value}" : key.Groups[1].Value;
                if (Keys.TryGetValue(full, out var file) || Keys.TryGetValue(key.Groups[1].Value, out file)) return (file, path);
            }
            return (leafFile, path);
        }

        [GeneratedRegex(@"^\$\.states\[(\d+)\]")]
        private static partial Regex StatePath();

        [GeneratedRegex(@"^\$\.(\w+)(?:\.(\w+))?")]
        private static partial Regex KeyPath();
    }
}
