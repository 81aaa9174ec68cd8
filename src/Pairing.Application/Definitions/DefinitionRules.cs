using System.Text.Json.Nodes;
using Pairing.Application.Catalog;
using Pairing.Application.Plugins;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;

namespace Pairing.Application.Definitions;

/// <summary>A definition's rule parameters as sentences a bureau officer checks against the plan: who may be a party,
/// what must be filled in, which exclusivity holds, what reports measure. Targets are listed separately.</summary>
public static class DefinitionRules
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["goals"] = "帮扶目标", ["term"] = "协议期限", ["signatory"] = "各方签署人", ["focusAreas"] = "重点领域",
        ["measures"] = "帮扶措施", ["targets"] = "年度目标", ["funding"] = "经费", ["contact"] = "联系人",
    };

    public static string Guard(string name) => name switch
    {
        "agreement-fields" => "必填内容",
        "party-roles" => "参与方条件",
        "exclusive-parties" => "结对唯一",
        "designated-signatory" => "指定签署人本人签署",
        "county-budget" => "县级预算",
        _ => "其他条件",
    };

    public static string Calendar(string calendar) => calendar switch
    {
        "semester" => "每学期",
        "school-year" => "每学年",
        _ => "每个周期",
    };

    public static IReadOnlyList<RuleLine> Describe(JsonObject parameters, TagVocabulary tags)
    {
        var lines = new List<RuleLine>();
        var roles = JsonParams.PartyRules(parameters["roles"]);
        var roleTitles = roles.ToDictionary(r => r.Role, r => r.Title);
        foreach (var r in roles)
        {
            var parts = new List<string> { r.Max == 0 ? $"至少 {r.Min} 所" : r.Min == r.Max ? $"{r.Min} 所" : $"{r.Min}～{r.Max} 所" };
            if (r.Tags.Count > 0) parts.Add($"须为{string.Join("或", r.Tags.Select(tags.Title))}");
            if (r.Stages.Count > 0) parts.Add($"学段：{string.Join("、", r.Stages.Select(Stage.Title))}");
            if (r.SameCountyAs) parts.Add("须与牵头方同一县（市、区）");
            if (r.AnyCity) parts.Add("可以是外市单位");
            lines.Add(new RuleLine($"参与方：{r.Title}", string.Join("；", parts)));
        }
        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "roles" or "compliance" or "exclusiveTitle":
                    break;
                case "exclusiveRoles":
                    var exclusive = JsonParams.Strings(parameters, name);
                    if (exclusive.Count > 0)
                        lines.Add(new RuleLine(JsonParams.ExclusiveTitle(parameters),
                            $"{string.Join("、", exclusive.Select(r => roleTitles.GetValueOrDefault(r, "参与方")))}在协议期限重叠的同类协议中只能出现一次"));
                    break;
                case "required":
                    lines.Add(new RuleLine("提交前必须填写", string.Join("、", JsonParams.Strings(parameters, name).Select(f => Fields.GetValueOrDefault(f, "其他内容")))));
                    break;
                case "focusAreas":
                    var areas = JsonParams.Strings(parameters, name);
                    if (areas.Count > 0) lines.Add(new RuleLine("重点领域", string.Join("、", areas)));
                    break;
                case "duties":
                    foreach (var (role, duty) in value as JsonObject ?? [])
                        lines.Add(new RuleLine($"职责：{roleTitles.GetValueOrDefault(role, "参与方")}", duty?.ToString() ?? ""));
                    break;
                case "reportIndicators" or "evaluationIndicators":
                    var indicators = InputDefinition.ListFrom(value);
                    if (indicators.Count > 0)
                        lines.Add(new RuleLine(name == "reportIndicators" ? "学期报告填报指标" : "评估填报指标",
                            string.Join("；", indicators.Select(i => $"{i.Title}{(i.Unit is { } u ? $"（{u}）" : i.Type == "percent" ? "（%）" : "")}{(i.Required ? "，必填" : "")}"))));
                    break;
                case "minTermDays":
                    lines.Add(new RuleLine("最短期限", $"协议期限不少于 {JsonParams.Int(parameters, name)} 天"));
                    break;
                case "countyFunding":
                    var funding = value as JsonObject ?? [];
                    lines.Add(new RuleLine("县级经费", $"{roleTitles.GetValueOrDefault(funding["role"]?.ToString() ?? "", "牵头方")}所在县（市、区）须登记当年预算，"
                        + $"预算科目限：{string.Join("、", JsonParams.Strings(funding, "budgetLines"))}"));
                    break;
                default:
                    lines.Add(new RuleLine("其他规则", "另有一项规则参数，详见流程定义文件"));
                    break;
            }
        }
        return lines;
    }
}
