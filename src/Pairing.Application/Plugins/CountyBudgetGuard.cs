using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Agreements;
using Pairing.Domain.Funding;
using Pairing.Domain.Registry;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>County funding (Qingyuan task 17: 各县（市、区）要将学校劳动实践结对共建资金保障纳入政府财政预算安排): the
/// agreement names a budget record of the county where the given party sits, for the program and the year the term
/// starts, and its amount fits what the record has left after the other live agreements drawing on it. Programs
/// without the parameter need no county budget.</summary>
public sealed class CountyBudgetGuard : IGuard
{
    public string Name => "county-budget";
    public IReadOnlyList<string> RequiredParams => ["funding"];

    public async Task<GuardResult> CheckAsync(GuardContext context, CancellationToken ct)
    {
        if (context.Params["funding"] is not JsonObject funding || funding["role"]?.ToString() is not { Length: > 0 } role) return GuardResult.Allow;
        var db = context.Db();
        var agreement = await AgreementFacts.AgreementOfAsync(db, context.Instance, ct);
        var parties = await AgreementFacts.PartiesOfAsync(db, agreement, ct);
        var funder = parties.FirstOrDefault(p => p.Role == role);
        if (funder?.County is not { } county) return GuardResult.Allow; // party rules refuse a missing role
        var countyName = await db.Set<County>().AsNoTracking().Where(c => c.Code == county).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? county;
        GuardResult Refuse(string why) => GuardResult.Refuse("county-budget", $"规则「县级财政预算」：{why}");

        if (agreement.BudgetId is not { } id)
            return Refuse($"须选择{countyName}登记的{agreement.TermStart.Year}年度县级预算（{funder.Name}所在县，任务要求结对共建资金纳入县级财政预算）");
        // Two agreements drawing on one record must not both pass this check at once.
        await context.Session.LockAsync($"budget:{id}", ct);
        var budget = await db.Set<CountyBudget>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (budget is null) return Refuse("所选县级预算不存在");
        if (budget.CountyCode != county) return Refuse($"所选预算属于其他县（市、区），应为{funder.Name}所在的{countyName}");
        if (budget.Program != agreement.Program) return Refuse("所选预算不是本项目的预算");
        if (budget.Year != agreement.TermStart.Year) return Refuse($"所选预算为 {budget.Year} 年度，协议自 {agreement.TermStart.Year} 年开始，应使用 {agreement.TermStart.Year} 年度预算");
        if (agreement.FundingAmount is not > 0) return Refuse("须写明本协议使用的预算金额");
        var committed = await db.Set<Agreement>().AsNoTracking()
            .Where(a => a.BudgetId == id && a.Id != agreement.Id && a.EndedAt == null && a.FirstSignedAt != null)
            .Select(a => a.FundingAmount).ToListAsync(ct);
        var left = budget.Amount - committed.Sum(a => a ?? 0);
        return agreement.FundingAmount <= left ? GuardResult.Allow
            : Refuse($"预算 {budget.Document}（{budget.Line}）剩余 {left:0.##} 元，不足本协议的 {agreement.FundingAmount:0.##} 元");
    }
}
