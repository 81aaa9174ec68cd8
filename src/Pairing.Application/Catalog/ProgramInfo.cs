using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pairing.Workflows.Definitions;

namespace Pairing.Application.Catalog;

/// <summary>What an agreement definition says about its program, in its metadata: the program id and Chinese name,
/// the prefix of agreement numbers, the city it serves, and the registry tags it introduces (code → name). A new
/// pairing structure is a definition file carrying these; nothing about programs is in code.</summary>
public sealed partial record ProgramInfo(string Program, string Title, string NumberPrefix, string City, WorkflowDefinition Definition)
{
    public const string AgreementSubject = "agreement";
    private static readonly string[] IndicatorLists = ["reportIndicators", "evaluationIndicators"];
    private static readonly string[] TagLists = ["tags", "alsoTags", "leadTags"];

    /// <summary>The program of an agreement definition; null for other definitions (reports, evaluations).</summary>
    public static ProgramInfo? Of(WorkflowDefinition definition)
    {
        var m = definition.Metadata;
        if (Text(m, "subject") != AgreementSubject) return null;
        return new ProgramInfo(Text(m, "program") ?? "", Text(m, "programTitle") ?? definition.Title, Text(m, "numberPrefix") ?? "",
            Text(m, "city") ?? "", definition);
    }

    /// <summary>The tags a definition declares for the registry: metadata.tags, code → Chinese name.</summary>
    public static IEnumerable<KeyValuePair<string, string>> TagsOf(WorkflowDefinition definition) =>
        definition.Metadata["tags"] is JsonObject tags
            ? tags.Where(t => t.Value is JsonValue).Select(t => KeyValuePair.Create(t.Key, t.Value!.ToString()))
            : [];

    /// <summary>Metadata errors, by file and JSON path, as definition validation reports them.</summary>
    public static IEnumerable<DefinitionError> Validate(string file, WorkflowDefinition definition)
    {
        var m = definition.Metadata;
        if (m["tags"] is { } tags)
        {
            if (tags is not JsonObject o) yield return new(file, "$.metadata.tags", "应为对象：标签代码 → 中文名称");
            else
                foreach (var (code, name) in o)
                {
                    if (!Code().IsMatch(code)) yield return new(file, $"$.metadata.tags.{code}", "标签代码只能含小写字母、数字和连字符");
                    if (name is not JsonValue v || !v.TryGetValue<string>(out var s) || string.IsNullOrWhiteSpace(s))
                        yield return new(file, $"$.metadata.tags.{code}", "标签名称必填");
                }
        }
        if (Text(m, "subject") != AgreementSubject) yield break;
        foreach (var list in IndicatorLists)
        {
            if (definition.Parameters[list] is null) continue;
            if (definition.Parameters[list] is not JsonArray items) { yield return new(file, $"$.parameters.{list}", "应为指标数组"); continue; }
            var problems = new List<DefinitionError>();
            var names = new HashSet<string>();
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"$.parameters.{list}[{i}]";
                if (items[i] is not JsonObject o) { problems.Add(new(file, path, "指标必须是对象")); continue; }
                var input = InputDefinition.Read(o, path, (p, message) => problems.Add(new(file, p, message)));
                if (input is not null && !names.Add(input.Name)) problems.Add(new(file, $"{path}.name", $"指标 {input.Name} 重复"));
                if (input is { Name: "summary" or "indicators" or "rating" }) problems.Add(new(file, $"{path}.name", $"指标名 {input.Name} 与报告自带的字段重名"));
            }
            foreach (var problem in problems) yield return problem;
        }
        var declared = TagsOf(definition).Select(t => t.Key).ToHashSet();
        foreach (var problem in ValidateCompliance(file, definition, declared)) yield return problem;
        if (definition.Parameters["roles"] is JsonArray roles)
            for (var i = 0; i < roles.Count; i++)
                foreach (var tag in (roles[i]?["tags"] as JsonArray ?? []).Select(t => t?.ToString() ?? "").Where(t => !declared.Contains(t)))
                    yield return new(file, $"$.parameters.roles[{i}].tags", $"标签 {tag} 未在 metadata.tags 中声明名称");
        if (Text(m, "program") is not { } program || !Code().IsMatch(program))
            yield return new(file, "$.metadata.program", "协议流程必须给出项目代码（小写字母、数字和连字符）");
        if (string.IsNullOrWhiteSpace(Text(m, "programTitle")))
            yield return new(file, "$.metadata.programTitle", "协议流程必须给出项目的中文名称");
        if (Text(m, "numberPrefix") is not { } prefix || !Prefix().IsMatch(prefix))
            yield return new(file, "$.metadata.numberPrefix", "协议编号前缀必填：2～4 个大写字母，如 TG");
        if (string.IsNullOrWhiteSpace(Text(m, "city")))
            yield return new(file, "$.metadata.city", "协议流程必须给出所属城市代码");
    }

    /// <summary>Each target names a known kind, a role of the program, tags it declares and indicators it asks.</summary>
    private static IEnumerable<DefinitionError> ValidateCompliance(string file, WorkflowDefinition definition, IReadOnlySet<string> declared)
    {
        var node = definition.Parameters["compliance"];
        var rules = node switch { JsonObject o => [o], JsonArray a => a.OfType<JsonObject>().ToList(), _ => new List<JsonObject>() };
        var roles = (definition.Parameters["roles"] as JsonArray ?? []).Select(r => r?["role"]?.ToString()).OfType<string>().ToHashSet();
        var indicators = IndicatorLists.SelectMany(l => definition.Parameters[l] as JsonArray ?? [])
            .Select(i => i?["name"]?.ToString()).OfType<string>().ToHashSet();
        for (var i = 0; i < rules.Count; i++)
        {
            var path = node is JsonArray ? $"$.parameters.compliance[{i}]" : "$.parameters.compliance";
            var rule = rules[i];
            var kind = rule["kind"]?.ToString() ?? "";
            if (!Domain.Programs.Compliance.Kinds.Contains(kind))
                yield return new(file, $"{path}.kind", $"未知的达标规则 '{kind}'（可用：{string.Join("、", Domain.Programs.Compliance.Kinds)}）");
            if (rule["role"]?.ToString() is { Length: > 0 } role && !roles.Contains(role))
                yield return new(file, $"{path}.role", $"角色 {role} 不是本项目的角色");
            var tags = (rule["tag"] as JsonValue)?.ToString() is { } single ? [single] : new List<string>();
            tags.AddRange(TagLists.SelectMany(t => (rule[t] as JsonArray ?? []).Select(x => x?.ToString() ?? "")));
            foreach (var tag in tags.Where(t => t.Length > 0 && !declared.Contains(t)))
                yield return new(file, path, $"标签 {tag} 未在 metadata.tags 中声明名称");
            if (rule["indicator"]?.ToString() is { Length: > 0 } indicator && !indicators.Contains(indicator))
                yield return new(file, $"{path}.indicator", $"指标 {indicator} 不在 reportIndicators 或 evaluationIndicators 中");
        }
    }

    /// <summary>Two programs of one city may not share a number prefix, and one program has one definition per city.</summary>
    public static IEnumerable<DefinitionError> ValidateSet(IReadOnlyList<(string File, WorkflowDefinition Definition)> entries)
    {
        var programs = entries.Select(e => (e.File, Info: Of(e.Definition))).Where(e => e.Info is not null).ToList();
        foreach (var clash in programs.GroupBy(p => (p.Info!.City, p.Info.NumberPrefix)).Where(g => g.Select(p => p.Info!.Program).Distinct().Count() > 1))
            yield return new(clash.Last().File, "$.metadata.numberPrefix",
                $"编号前缀 {clash.Key.NumberPrefix} 在 {clash.Key.City} 已被 {clash.First().Info!.Program} 使用");
        foreach (var twice in programs.GroupBy(p => (p.Info!.City, p.Info.Program)).Where(g => g.Select(p => p.Info!.Definition.Id).Distinct().Count() > 1))
            yield return new(twice.Last().File, "$.metadata.program",
                $"项目 {twice.Key.Program} 在 {twice.Key.City} 已由 {twice.First().Info!.Definition.Id} 定义");
        var names = new Dictionary<string, (string Name, string File)>();
        foreach (var (file, definition) in entries)
            foreach (var (code, name) in TagsOf(definition))
                if (names.TryGetValue(code, out var first) && first.Name != name)
                    yield return new(file, $"$.metadata.tags.{code}", $"标签 {code} 在 {first.File} 中名为「{first.Name}」，此处为「{name}」，同一标签只能有一个名称");
                else names.TryAdd(code, (name, file));
    }

    private static string? Text(JsonObject metadata, string name) =>
        metadata[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Code();

    [GeneratedRegex("^[A-Z]{2,4}$")]
    private static partial Regex Prefix();
}
