using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Definitions;

public sealed record DefinitionLoadResult(WorkflowDefinition? Definition, IReadOnlyList<DefinitionError> Errors)
{
    public bool Ok => Definition is not null && Errors.Count == 0;
}

/// <summary>Parses a definition file and validates it completely, reporting every error with its JSON path.</summary>
public sealed class DefinitionLoader(PluginRegistry plugins)
{
    /// <summary>Loads a self-contained definition (a published one, or a file that extends nothing).</summary>
    public DefinitionLoadResult Load(string file, string json) => Load(file, json, _ => null);

    /// <summary>Loads a definition file, applying the lifecycle it extends (looked up by id). Errors name the file and
    /// path where the problem is written, in the definition or in its base.</summary>
    public DefinitionLoadResult Load(string file, string json, Func<string, DefinitionSource?> findBase)
    {
        if (Parse(file, json) is not { } source) return new(null, [ParseError(file, json)]);
        if (source.IsAbstract)
            return new(null, [new DefinitionError(file, "$.abstract", "这是供继承的共用生命周期，不能单独加载或发布；请在具体定义中用 extends 引用它")]);
        if (source.Extends is null)
        {
            var plain = new DefinitionReader(file, plugins);
            var definition = plain.Read(source.Root, json);
            return new(plain.Errors.Count == 0 ? definition : null, plain.Errors);
        }
        var (merged, map, composeErrors) = DefinitionComposer.Compose(source, findBase);
        if (composeErrors.Count > 0) return new(null, composeErrors);
        var composedJson = merged.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var reader = new DefinitionReader(file, plugins);
        var composed = reader.Read(merged, composedJson);
        var errors = reader.Errors.Select(e => map.Locate(e.Path) is var (f, p) ? e with { File = f, Path = p } : e).ToList();
        return new(errors.Count == 0 ? composed : null, errors);
    }

    /// <summary>A file as written, or null when it is not a JSON object.</summary>
    public static DefinitionSource? Parse(string file, string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: Options) is JsonObject obj ? new DefinitionSource(file, obj) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DefinitionError ParseError(string file, string json)
    {
        try
        {
            JsonNode.Parse(json, documentOptions: Options);
            return new DefinitionError(file, "$", "定义必须是 JSON 对象");
        }
        catch (JsonException ex)
        {
            return new DefinitionError(file, "$", $"不是有效的 JSON（第 {ex.LineNumber + 1} 行，第 {ex.BytePositionInLine + 1} 列）：{ex.Message}");
        }
    }

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public WorkflowDefinition LoadOrThrow(string file, string json)
    {
        var result = Load(file, json);
        if (!result.Ok) throw new InvalidDefinitionException(result.Errors);
        return result.Definition!;
    }

    /// <summary>Checks references between definitions (child workflows) in a set loaded together.</summary>
    /// <summary>Checks a set read together: no duplicate versions, and every child workflow defined in the set or
    /// among those already published.</summary>
    public static IReadOnlyList<DefinitionError> ValidateSet(IReadOnlyList<(string File, WorkflowDefinition Definition)> set,
        IEnumerable<string>? published = null)
    {
        var errors = new List<DefinitionError>();
        var ids = set.Select(x => x.Definition.Id).Concat(published ?? []).ToHashSet();
        foreach (var group in set.GroupBy(x => (x.Definition.Id, x.Definition.Version)).Where(g => g.Count() > 1))
            foreach (var (file, _) in group.Skip(1))
                errors.Add(new(file, "$.id", $"定义 {group.Key.Id} 版本 {group.Key.Version} 重复（另见 {group.First().File}）"));
        foreach (var (file, def) in set)
            for (var s = 0; s < def.States.Count; s++)
                for (var c = 0; c < def.States[s].Children.Count; c++)
                    if (!ids.Contains(def.States[s].Children[c].Workflow))
                        errors.Add(new(file, $"$.states[{s}].children[{c}].workflow", $"子流程 '{def.States[s].Children[c].Workflow}' 没有对应的定义"));
        return errors;
    }

    public static string HashOf(string json)
    {
        // Hash the normalised JSON so whitespace-only edits do not create a new version.
        var normalised = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
