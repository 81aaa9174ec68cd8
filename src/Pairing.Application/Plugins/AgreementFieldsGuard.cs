using Pairing.Domain.Agreements;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>The agreement carries what the program requires before it may go forward (funding for labour education,
/// focus areas for universities, signatories for everyone). Each missing field is named.</summary>
public sealed class AgreementFieldsGuard : IGuard
{
    public string Name => "agreement-fields";
    public IReadOnlyList<string> RequiredParams => ["required"];

    public async Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct)
    {
        var agreement = await AgreementFacts.AgreementOfAsync(context.Db(), context.Instance, ct);
        var required = JsonParams.Strings(context.Params, "required");
        var allowedAreas = JsonParams.Strings(context.Params, "focusAreas");
        var missing = required.Select(r => Missing(r, agreement)).OfType<string>().ToList();
        // A structure may set a shortest term (a teacher exchange lasts at least a year: Qingyuan annex 7, Jieyang task 6).
        if (JsonParams.Int(context.Params, "minTermDays") is > 0 and var days && agreement.TermEnd.DayNumber - agreement.TermStart.DayNumber + 1 < days)
            missing.Add($"term（协议期限）不少于 {days} 天，现为 {agreement.TermEnd.DayNumber - agreement.TermStart.DayNumber + 1} 天");
        foreach (var area in agreement.FocusAreas.Where(a => allowedAreas.Count > 0 && !allowedAreas.Contains(a)))
            missing.Add($"focusAreas（帮扶领域）“{area}”不在本项目的领域清单中（{string.Join("、", allowedAreas)}）");
        return missing.Count == 0 ? GuardResult.Allow
            : GuardResult.Refuse("agreement-fields", $"规则「协议要素齐全」：{string.Join("；", missing)}");
    }

    private static string? Missing(string field, Agreement a) => field switch
    {
        "goals" when string.IsNullOrWhiteSpace(a.Goals) => "goals（帮扶目标）必填",
        "term" when a.TermEnd <= a.TermStart => "term（协议期限）结束日期必须晚于开始日期",
        "fundingSource" when string.IsNullOrWhiteSpace(a.FundingSource) => "fundingSource（经费来源）必填",
        "budgetLine" when string.IsNullOrWhiteSpace(a.BudgetLine) => "budgetLine（预算科目）必填",
        "fundingAmount" when a.FundingAmount is null or <= 0 => "fundingAmount（经费金额）必须大于 0",
        "focusAreas" when a.FocusAreas.Count == 0 => "focusAreas（帮扶领域）至少选择一项",
        "signatory" when a.Parties.Any(p => string.IsNullOrWhiteSpace(p.SignatoryAccount)) =>
            $"signatory（签署人）必填：{string.Join("、", a.Parties.Where(p => string.IsNullOrWhiteSpace(p.SignatoryAccount)).Select(p => p.InstitutionCode))} 未指定具有签署权的账号",
        _ => null,
    };
}
