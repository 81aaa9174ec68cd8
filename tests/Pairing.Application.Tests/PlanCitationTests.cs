using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>What an agreement says it rests on is read from its definition. Each city's definitions cite that city's
/// own source in ../shared/seeds, never the other city's, and every quoted title and passage is found there.</summary>
public sealed class PlanCitationTests
{
    private static string Normalise(string text) =>
        Regex.Replace(text, @"\s", "").Replace('‘', '“').Replace('’', '”').Replace('"', '“');

    public static TheoryData<string> AgreementDefinitions() =>
    [
        .. Directory.GetFiles(RepoPaths.Workflows, "*.json")
            .Where(f => JsonNode.Parse(File.ReadAllText(f))!["metadata"]?["subject"]?.GetValue<string>() == "agreement")
            .Select(Path.GetFileName).OfType<string>(),
    ];

    [Theory]
    [MemberData(nameof(AgreementDefinitions))]
    public void Each_definition_cites_its_own_city_s_plan_word_for_word(string file)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Workflows, file)))!;
        var city = definition["metadata"]!["city"]!.GetValue<string>();
        var basis = definition["metadata"]!["basis"]!.GetValue<string>();
        var seed = Normalise(File.ReadAllText(Path.Combine(RepoPaths.Root, "..", "shared", "seeds",
            city == "qingyuan" ? "qingyuan-education-action-plan-2023-2027.txt" : "jieyang-education-key-tasks.txt")));

        Assert.DoesNotContain(city == "qingyuan" ? "揭阳" : "清远", basis);
        if (city == "qingyuan")
            Assert.StartsWith("《清远市“百县千镇万村高质量发展工程”教育提升行动实施方案（2023—2027年）》（清府办函〔2024〕15号）", basis);
        else
            Assert.StartsWith("揭阳市教育重点任务清单第", basis);
        // Every title in 《》 and every passage in “” (outermost) appears in the seed, spacing and quote style aside.
        var quoted = Regex.Matches(basis, @"《([^》]+)》|“((?:[^“”]|‘[^’]*’)+)”").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        Assert.NotEmpty(quoted);
        foreach (var passage in quoted) Assert.Contains(Normalise(passage), seed);
        if (city == "qingyuan") Assert.Contains("清府办函〔2024〕15号", seed);

        // Each task a definition names (shown on the 流程 page beside its targets) quotes the plan word for word.
        foreach (var task in definition["metadata"]!["tasks"]?.AsArray() ?? [])
        {
            Assert.False(string.IsNullOrWhiteSpace(task!["ref"]?.GetValue<string>()));
            Assert.Contains(Normalise(task["quote"]!.GetValue<string>()), seed);
        }
        // A target names the plan task its number comes from.
        var compliance = definition["parameters"]!["compliance"];
        foreach (var rule in compliance is JsonArray many ? many.OfType<JsonObject>() : compliance is JsonObject one ? [one] : [])
            Assert.False(string.IsNullOrWhiteSpace(rule["source"]?.GetValue<string>()), $"{file}: a target without its plan task");
    }
}
