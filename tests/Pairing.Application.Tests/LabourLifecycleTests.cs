using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
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

        // Funding is part of the county budget: source and budget line are required and named when missing.
        var unfunded = await ProgramWorld.Refused(() => w.ActAsync("l1", n, "submit"), ErrorKind.Refused);
        Assert.Contains("fundingSource", unfunded.Message);
        Assert.Contains("budgetLine", unfunded.Message);
        await w.App.Send(new UpdateAgreement.Command("l1", n, new AgreementChanges(FundingSource: "清城区财政预算 劳动教育结对共建专项", BudgetLine: "2050299", FundingAmount: 60000m), null));

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
