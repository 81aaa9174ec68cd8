using System.Text.Json;
using System.Text.Json.Nodes;
using Pairing.Domain.Programs;

namespace Pairing.Application.Plugins;

/// <summary>Reads the rule parameters that program definitions pass to guards and to compliance.</summary>
public static class JsonParams
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static List<string> Strings(JsonObject o, string name) =>
        o[name] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];

    public static int Int(JsonObject o, string name, int fallback = 0) =>
        o[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : fallback;

    /// <summary>How the city's plan names its exclusivity rule (parameters.exclusiveTitle), e.g. 一对一帮扶.</summary>
    public static string ExclusiveTitle(JsonObject parameters) =>
        parameters["exclusiveTitle"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : "结对唯一";

    public static List<PartyRule> PartyRules(JsonNode? node) =>
        (node as JsonArray ?? []).Select(x => x!.Deserialize<PartyRuleJson>(Options)!)
            .Select(r => new PartyRule(r.Role, r.Title ?? r.Role, r.Tags ?? [], r.Stages ?? [], r.Min, r.Max, r.SameCounty, r.AnyCity)).ToList();

    /// <summary>A program's targets: its "compliance" parameter, one rule or a list of rules.</summary>
    public static IReadOnlyList<ComplianceRule> Compliance(JsonNode? node) => node switch
    {
        JsonObject o => [Rule(o)],
        JsonArray a => a.OfType<JsonObject>().Select(Rule).ToList(),
        _ => [],
    };

    private static ComplianceRule Rule(JsonObject o) => new(
        Text(o, "kind"), Int(o, "target"), Text(o, "tag"), Text(o, "role"), Text(o, "partnerRole"), Int(o, "minPartners"), Int(o, "minStages"),
        Strings(o, "leadTags"), Text(o, "title"), Text(o, "source"),
        o["countyTargets"] is JsonObject c ? c.Where(x => x.Value is JsonValue).ToDictionary(x => x.Key, x => x.Value!.GetValue<int>()) : null,
        Strings(o, "tags"), Strings(o, "alsoTags"), Text(o, "indicator"), Text(o, "workflow"),
        o["threshold"] is JsonValue t && t.TryGetValue<decimal>(out var d) ? d : 0, Int(o, "years"));

    private static string Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private sealed record PartyRuleJson(string Role, string? Title, List<string>? Tags, List<string>? Stages, int Min, int Max, bool SameCounty, bool AnyCity);
}
