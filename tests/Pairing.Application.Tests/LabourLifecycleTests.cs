using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
using Pairing.Application.Funding;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

public sealed class LabourLifecycleTests
{
    private const string Program = Programs.LabourEducation;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Labour_pairing_needs_funding_signs_with_every_partner_and_counts_toward_the_lead(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);

        // A university is not a 中小幼 school, so it cannot be a labour-education partner.
        var notSchool = await ProgramWorld.Refused(() => w.DraftAsync("l1", Program, "劳动教育结对共建协议",
            new PartyInput("L1", "lead", "l1.sign"), new PartyInput("U1", "partner", "u1.sign")), ErrorKind.Refused);
        Assert.Contains("华南师范大学", notSchool.Message);
        Assert.Contains("学段", notSchool.Message);

        var draft = await w.App.Send(new DraftAgreement.Command("l1", new AgreementDraft(Program, "清城区劳动教育实验小学结对共建协议（第一批）",
            new DateOnly(2024, 9, 1), new DateOnly(2025, 7, 31),
            [new("L1", "lead", "l1.sign"), new("P1", "partner", "p1.sign"), new("P2", "partner", "p2.sign"), new("P3", "partner", "p3.sign")],
            "共建劳动实践基地，每学期联合开展劳动周活动")));
        var n = draft.Number;

        // Funding must be in the lead's county budget (task 17): without a budget record of 清城区 the submission is refused.
        var unfunded = await ProgramWorld.Refused(() => w.ActAsync("l1", n, "submit"), ErrorKind.Refused);
        Assert.Equal("county-budget", unfunded.Rule);
        Assert.Contains("清城区", unfunded.Message);
        Assert.Contains("2024年度县级预算", unfunded.Message);

        // Budgets are records a county bureau enters: a line from the program's list, a year, an amount, a document.
        await ProgramWorld.Refused(() => w.App.Send(new CountyBudgets.Record("l1", "qingcheng", Program, 2024, "2050299 其他普通教育支出", 60000m, "清城财预〔2024〕8号")),
            ErrorKind.Forbidden);
        var badLine = await ProgramWorld.Refused(() => w.App.Send(new CountyBudgets.Record("qc", null, Program, 2024, "学校自筹", 60000m, "无")), ErrorKind.Invalid);
        Assert.Equal("line", badLine.Field);
        var elsewhere = await w.App.Send(new CountyBudgets.Record("yd", null, Program, 2024, "2050299 其他普通教育支出", 90000m, "英财预〔2024〕15号"));
        Assert.Equal("yingde", elsewhere.County);
        var ownCounty = await w.App.Send(new CountyBudgets.Record("qc", "lianzhou", Program, 2024, "2050299 其他普通教育支出", 50000m, "清城财预〔2024〕8号"));
        Assert.Equal("qingcheng", ownCounty.County); // a county bureau records for its own county only

        // Another county's budget, or more than the budget holds, is refused by name; the lead county's budget passes.
        await w.App.Send(new UpdateAgreement.Command("l1", n, new AgreementChanges(FundingAmount: 60000m, BudgetId: elsewhere.Id), null));
        Assert.Contains("应为清城区劳动教育实验小学所在的清城区", (await ProgramWorld.Refused(() => w.ActAsync("l1", n, "submit"), ErrorKind.Refused)).Message);
        await w.App.Send(new UpdateAgreement.Command("l1", n, new AgreementChanges(BudgetId: ownCounty.Id), null));
        Assert.Contains("剩余 50000 元，不足本协议的 60000 元", (await ProgramWorld.Refused(() => w.ActAsync("l1", n, "submit"), ErrorKind.Refused)).Message);
        await w.App.Send(new UpdateAgreement.Command("l1", n, new AgreementChanges(FundingAmount: 45000m), null));
        var funded = await w.ShowAsync(n);
        Assert.Equal(("清城区2024年度财政预算（清城财预〔2024〕8号）", "2050299 其他普通教育支出"), (funded.FundingSource, funded.BudgetLine));

        await w.ActAsync("l1", n, "submit");
        // Parties sit in three counties: each county bureau sees the agreement and reviews it.
        Assert.Contains(await w.App.Send(new ListAgreements.Query("yd", new AgreementFilter())), a => a.Number == n);
        await LifecycleSteps.ReturnWithReasonAsync(w, n, "qc", "l1");
        await LifecycleSteps.RepeatedKeyAsync(w, n, "l1", "submit");
        await LifecycleSteps.ConcurrentDoubleActionAsync(w, n, "qc", "approve");
        Assert.Equal("county_review", await w.StateAsync(n));
        await w.CountiesApproveAsync(n);
        await w.ActAsync("qy", n, "approve");

        // Every partner signs, in any order; until the last one the agreement is not active.
        await LifecycleSteps.SignAllAsync(w, n, "p3.sign", "l1.sign", "p1.sign", "p2.sign");
        // Signed, the agreement draws its amount on the budget.
        Assert.Equal((45000m, 5000m), (await w.App.Send(new CountyBudgets.List("qc"))).Single(b => b.Id == ownCounty.Id) is var used ? (used.Committed, used.Remaining) : default);
        var lead = (await w.App.Send(new ComputeCompliance.Query(null, "qingyuan", new DateOnly(2024, 9, 2)))).Single().Programs.Single(p => p.Program == Program).Details.Single(d => d.Code == "L1");
        Assert.Equal(3, lead.Count);
        Assert.False(lead.Met);
        Assert.Contains("3/10", lead.Note);
        Assert.Contains("幼儿园", lead.Note);

        await LifecycleSteps.OverdueReportAsync(w, n, "p2", "qc");

        // Termination needs a reason; a terminated agreement no longer counts toward the lead's target.
        await ProgramWorld.Refused(() => w.ActAsync("qc", n, "terminate"), ErrorKind.Invalid);
        await w.ActAsync("qc", n, "terminate", comment: "结对校撤并，协议终止");
        Assert.Equal("terminated", await w.StateAsync(n));
        var after = (await w.App.Send(new ComputeCompliance.Query(null, "qingyuan"))).Single().Programs.Single(p => p.Program == Program).Details.Single(d => d.Code == "L1");
        // History stays: measured on the day before the termination, the lead still had its three partners.
        Assert.Equal(3, (await w.App.Send(new ComputeCompliance.Query(null, "qingyuan", new DateOnly(2025, 2, 16)))).Single().Programs
            .Single(p => p.Program == Program).Details.Single(d => d.Code == "L1").Count);
        Assert.Equal(0, after.Count);
    }
}
