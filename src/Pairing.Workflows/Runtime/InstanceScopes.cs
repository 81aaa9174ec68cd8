using System.Text.Json;

namespace Pairing.Workflows.Runtime;

/// <summary>Reads and writes an instance's scope slots (slot name → scope keys).</summary>
public static class InstanceScopes
{
    public static Dictionary<string, List<string>> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, List<string>>>(json) ?? [];

    public static string Write(IReadOnlyDictionary<string, List<string>> scopes) => JsonSerializer.Serialize(scopes);

    public static IReadOnlyList<string> Slot(IReadOnlyDictionary<string, List<string>> scopes, string slot) =>
        scopes.TryGetValue(slot, out var values) ? values : [];

    /// <summary>The keys of a slot linked to the actor's own scope keys ("county@inst:X" for party X), or the whole slot
    /// when there are none.</summary>
    public static IReadOnlyList<string> OfActor(IReadOnlyDictionary<string, List<string>> scopes, string slot, IEnumerable<string> actorScopes)
    {
        var linked = actorScopes.SelectMany(k => Slot(scopes, $"{slot}@{k}")).Distinct().ToList();
        return linked.Count > 0 ? linked : Slot(scopes, slot);
    }

    public static IEnumerable<string> All(IReadOnlyDictionary<string, List<string>> scopes) => scopes.Values.SelectMany(v => v);
}
