using System.Globalization;
using System.Text.Json.Nodes;

namespace Pairing.Workflows.Definitions;

/// <summary>The kinds of value an action input takes.</summary>
public static class InputTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Percent = "percent";
    public const string Choice = "choice";

    public static readonly string[] All = [Text, Number, Percent, Choice];
}

/// <summary>A field an action asks for: free text, a number or a percentage within bounds (with a unit such as 次 or
/// 人次), or one of a list of choices. Values are checked and normalised before anything is saved.</summary>
public sealed record InputDefinition(string Name, string Title, bool Required, IReadOnlyList<string> Choices, int MaxLength,
    string Type = InputTypes.Text, decimal? Min = null, decimal? Max = null, string? Unit = null)
{
    public bool IsNumeric => Type is InputTypes.Number or InputTypes.Percent;

    /// <summary>The value as stored (a number without grouping or a trailing %), or the reason it is refused.</summary>
    public (string? Value, string? Error) Check(string value)
    {
        var text = value.Trim();
        if (Type == InputTypes.Choice || Choices.Count > 0)
            return Choices.Contains(text) ? (text, null) : (null, $"「{Title}」只能是：{string.Join("、", Choices)}");
        if (!IsNumeric)
            return text.Length > MaxLength ? (null, $"「{Title}」不能超过 {MaxLength} 字") : (text, null);
        var number = Type == InputTypes.Percent ? text.TrimEnd('%', '％').Trim() : text;
        if (!decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
            return (null, $"「{Title}」应为数字{(Unit is null ? "" : $"（单位：{Unit}）")}，收到「{text}」");
        if (Min is { } min && d < min) return (null, $"「{Title}」不能小于 {Format(min)}");
        if (Max is { } max && d > max) return (null, $"「{Title}」不能大于 {Format(max)}");
        return (Format(d), null);
    }

    private static string Format(decimal d) => d.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>Reads an input object (from a definition, or from a context list handed down by a parent); problems
    /// are reported against the given JSON path.</summary>
    public static InputDefinition? Read(JsonObject o, string path, Action<string, string> error)
    {
        var name = o["name"] is JsonValue nv && nv.TryGetValue<string>(out var n) && n.Length > 0 ? n : null;
        if (name is null) { error($"{path}.name", "缺少 name"); return null; }
        var title = o["title"] is JsonValue tv && tv.TryGetValue<string>(out var t) && t.Length > 0 ? t : name;
        var required = o["required"] is JsonValue rv && rv.TryGetValue<bool>(out var r) && r;
        var choices = o["choices"] is JsonArray ca ? ca.Select(c => c?.ToString() ?? "").Where(c => c.Length > 0).ToList() : [];
        var maxLength = o["maxLength"] is JsonValue mv && mv.TryGetValue<int>(out var m) ? m : 2000;
        var type = o["type"] is JsonValue yv && yv.TryGetValue<string>(out var y) ? y : choices.Count > 0 ? InputTypes.Choice : InputTypes.Text;
        if (!InputTypes.All.Contains(type)) error($"{path}.type", $"未知的输入类型 '{type}'（可用：{string.Join("、", InputTypes.All)}）");
        if (type == InputTypes.Choice && choices.Count == 0) error($"{path}.choices", "选择项必须给出 choices");
        var min = Number(o, "min", $"{path}.min", error);
        var max = Number(o, "max", $"{path}.max", error);
        if (type == InputTypes.Percent) { min ??= 0; max ??= 100; }
        if (min is { } lo && max is { } hi && lo > hi) error($"{path}.min", $"min {lo} 大于 max {hi}");
        var unit = o["unit"] is JsonValue uv && uv.TryGetValue<string>(out var u) && u.Length > 0 ? u : type == InputTypes.Percent ? "%" : null;
        return new InputDefinition(name, title, required, choices, maxLength, type, min, max, unit);
    }

    /// <summary>The inputs listed in a context field (see <see cref="ActionDefinition.InputsFrom"/>).</summary>
    public static IReadOnlyList<InputDefinition> ListFrom(JsonNode? node)
    {
        if (node is not JsonArray list) return [];
        var result = new List<InputDefinition>();
        for (var i = 0; i < list.Count; i++)
            if (list[i] is JsonObject o && Read(o, $"$[{i}]", (_, _) => { }) is { } input) result.Add(input);
        return result;
    }

    private static decimal? Number(JsonObject o, string name, string path, Action<string, string> error)
    {
        if (o[name] is null) return null;
        if (o[name] is JsonValue v && v.TryGetValue<decimal>(out var d)) return d;
        error(path, "应为数字");
        return null;
    }
}
