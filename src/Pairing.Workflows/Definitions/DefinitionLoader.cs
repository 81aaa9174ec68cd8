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
    public DefinitionLoadResult Load(string file, string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return new(null, [new DefinitionError(file, "$", $"不是有效的 JSON（第 {ex.LineNumber + 1} 行，第 {ex.BytePositionInLine + 1} 列）：{ex.Message}")]);
        }
        if (root is not JsonObject obj)
            return new(null, [new DefinitionError(file, "$", "定义必须是 JSON 对象")]);

        var reader = new DefinitionReader(file, plugins);
        var definition = reader.Read(obj, json);
        return new(reader.Errors.Count == 0 ? definition : null, reader.Errors);
    }

    public WorkflowDefinition LoadOrThrow(string file, string json)
    {
        var result = Load(file, json);
        if (!result.Ok) throw new InvalidDefinitionException(result.Errors);
        return result.Definition!;
    }

    /// <summary>Checks references between definitions (child workflows) in a set loaded together.</summary>
    public static IReadOnlyList<DefinitionError> ValidateSet(IReadOnlyList<(string File, WorkflowDefinition Definition)> set)
    {
        var errors = new List<DefinitionError>();
        var ids = set.Select(x => x.Definition.Id).ToHashSet();
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
