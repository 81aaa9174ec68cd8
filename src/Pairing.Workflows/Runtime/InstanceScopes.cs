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

    public static IEnumerable<string> All(IReadOnlyDictionary<string, List<string>> scopes) => scopes.Values.SelectMany(v => v);
}
