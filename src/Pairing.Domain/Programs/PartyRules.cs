using Pairing.Domain.Registry;

namespace Pairing.Domain.Programs;

/// <summary>Checks an agreement's parties against its program's role rules. Messages name the rule and the institution;
/// tags are shown by the names the registry vocabulary gives them.</summary>
public static class PartyRules
{
    public static IReadOnlyList<RuleViolation> Check(IReadOnlyList<PartyRule> rules, IReadOnlyList<PartyFacts> parties, Func<string, string> tagTitle,
        string? city = null)
    {
        var violations = new List<RuleViolation>();
        foreach (var party in parties.Where(p => rules.All(r => r.Role != p.Role)))
            violations.Add(new("party-roles", $"规则「参与方角色」：{party.Name} 的角色 {party.Role} 不属于本项目（可用：{string.Join("、", rules.Select(r => $"{r.Role}（{r.Title}）"))}）"));
        foreach (var dup in parties.GroupBy(p => p.Code).Where(g => g.Count() > 1))
            violations.Add(new("party-distinct", $"规则「参与方不重复」：{dup.First().Name} 在协议中出现了 {dup.Count()} 次"));

        foreach (var rule in rules)
        {
            var inRole = parties.Where(p => p.Role == rule.Role).ToList();
            if (inRole.Count < rule.Min)
                violations.Add(new("party-count", $"规则「{rule.Title}人数」：至少需要 {rule.Min} 个{rule.Title}，现有 {inRole.Count} 个"));
            if (rule.Max > 0 && inRole.Count > rule.Max)
                violations.Add(new("party-count", $"规则「{rule.Title}人数」：最多 {rule.Max} 个{rule.Title}，现有 {inRole.Count} 个"));
            foreach (var p in inRole)
            {
                if (rule.Tags.Count > 0 && !rule.Tags.Any(p.Tags.Contains))
                    violations.Add(new("party-eligibility", $"规则「{rule.Title}资格」：{p.Name}（{p.Code}）不是{string.Join("或", rule.Tags.Select(tagTitle))}"));
                if (rule.Stages.Count > 0 && !rule.Stages.Any(p.Stages.Contains))
                    violations.Add(new("party-eligibility", $"规则「{rule.Title}学段」：{p.Name}（{p.Code}）的学段不是{string.Join("、", rule.Stages.Select(Stage.Title))}之一"));
                // Every party comes from the agreement's city's registry, universities included: a city registers the
                // universities it works with, wherever they stand, and another city's registry is not its to draw on.
                if (city is not null && p.City is not null && p.City != city)
                    violations.Add(new("party-city", $"规则「{rule.Title}属地」：{p.Name}（{p.Code}）不是本市机构"));
            }
        }

        // A county government party must be the government of the county where the school sits; parties of roles not
        // tied to a county of the city (universities) do not count here.
        var anyCity = rules.Where(r => r.AnyCity).Select(r => r.Role).ToHashSet();
        foreach (var rule in rules.Where(r => r.SameCountyAs))
            foreach (var p in parties.Where(x => x.Role == rule.Role))
            {
                var others = parties.Where(x => x.Role != rule.Role && x.County is not null && !anyCity.Contains(x.Role)).ToList();
                if (others.Count > 0 && others.All(o => o.County != p.County))
                    violations.Add(new("party-county", $"规则「{rule.Title}属地」：{p.Name} 与 {string.Join("、", others.Select(o => o.Name))} 不在同一县（市、区）"));
            }
        return violations;
    }
}
