using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Pairing.Application.Validation;

/// <summary>The net under every use case's own rules: each string a request carries — route values, query filters,
/// form and JSON fields, nested parties, list items, dictionary keys and values — is checked for characters no text may
/// hold (<see cref="StoredText.CharacterProblem"/>), before a handler can put it into a query or a row. Line breaks and
/// tabs pass here; single-line fields refuse them in their own validators.</summary>
public static class RequestText
{
    private const int MaxDepth = 6;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>The first bad string: its field (as the API names fields) and the reason, led by the field's Chinese name.</summary>
    public static (string Field, string Message)? FirstProblem(object request) => Walk(request, "", 0);

    private static (string Field, string Message)? Walk(object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return StoredText.CharacterProblem(text) is { } problem ? (Field(path), Label(path) + problem) : null;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                foreach (var (key, item) in pairs)
                    if ((Walk(key, path, depth + 1) ?? Walk(item, $"{path}.{key}", depth + 1)) is { } found) return found;
                return null;
            case IEnumerable items when value.GetType() != typeof(byte[]) && depth < MaxDepth:
                var n = 0;
                foreach (var item in items)
                    if (Walk(item, $"{path}[{n++}]", depth + 1) is { } found) return found;
                return null;
        }
        var type = value.GetType();
        if (depth >= MaxDepth || type.IsEnum || type.Namespace?.StartsWith("Pairing.", StringComparison.Ordinal) != true) return null;
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()))
        {
            var inner = property.GetValue(value);
            // A nested record (a draft, a filter, an action) adds no name of its own: its fields are the request's fields.
            var name = inner is string or IEnumerable ? Join(path, property.Name) : path;
            if (Walk(inner, name, depth + 1) is { } found) return found;
        }
        return null;
    }

    private static string Join(string path, string name) => (path.Length == 0 ? "" : path + ".") + char.ToLowerInvariant(name[0]) + name[1..];

    private static string Field(string path) => path.Length == 0 ? "body" : path;

    /// <summary>The Chinese name of the field a path ends in, for the message a page shows alone.</summary>
    private static string Label(string path)
    {
        var leaf = path.Split('.')[^1];
        var bracket = leaf.IndexOf('[');
        var name = bracket < 0 ? leaf : leaf[..bracket];
        return Labels.TryGetValue(name, out var label) ? label
            : path.Contains("inputs.", StringComparison.Ordinal) ? "填报内容"
            : "输入内容";
    }

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["user"] = "账号", ["number"] = "协议编号", ["cycle"] = "报告周期", ["title"] = "协议名称", ["goals"] = "帮扶目标", ["measures"] = "帮扶措施",
        ["focusAreas"] = "重点领域", ["targets"] = "学年目标", ["fundingSource"] = "经费来源", ["budgetLine"] = "预算科目", ["contactName"] = "联系人",
        ["contactPhone"] = "联系电话", ["comment"] = "意见", ["search"] = "搜索内容", ["county"] = "县（市、区）", ["city"] = "城市",
        ["program"] = "项目", ["state"] = "状态", ["institution"] = "机构", ["institutionCode"] = "机构代码", ["role"] = "角色", ["signatory"] = "签署人",
        ["line"] = "预算科目", ["document"] = "预算文件文号", ["format"] = "文件格式", ["key"] = "核验码", ["idempotencyKey"] = "幂等键",
        ["action"] = "动作", ["participant"] = "参与方", ["fileName"] = "文件名", ["tag"] = "标签", ["inputs"] = "填报内容", ["column"] = "排序列",
        ["drafterRole"] = "角色", ["id"] = "编号", ["path"] = "文件",
    };
}
