using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>Terms end: an agreement leaves 履行中 by itself the day after its term, a bureau evaluates and closes it,
/// and from that day it no longer counts; a renewal drafted and signed before the end takes over the next day without a
/// gap and without ever counting twice.</summary>
public sealed class AgreementTermTests
{
    private const string Program = Programs.CountyTrusteeship;

    private static async Task<int> PairsOnAsync(ProgramWorld w, int year, int month, int day) =>
        (await w.App.Send(new ComputeCompliance.Query(null, "qingyuan", new DateOnly(year, month, day)))).Single()
            .Programs.Single(p => p.Program == Program).Actual;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_renewal_signed_before_the_end_takes_over_the_next_day_and_the_old_term_ends_by_itself(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var first = await LifecycleSteps.SignedTrusteeshipAsync(w, "G1", "C1"); // 2024-09-01～2025-07-31

        // Two months before the end the school renews: the next term follows on, for the same number of years, with
        // the plan kept and the year targets left to fill in.
        w.Clock.SetLocal(2025, 6, 1);
        var renewal = await w.App.Send(new RenewAgreement.Command("c1", first));
        Assert.Equal((new DateOnly(2025, 8, 1), new DateOnly(2026, 7, 31)), (renewal.TermStart, renewal.TermEnd));
        var renewed = await w.ShowAsync(renewal.Number);
        Assert.Empty(renewed.Targets);
        Assert.Equal(first, renewed.Renewal.Renews);
        Assert.Equal(renewal.Number, (await w.ShowAsync(first)).Renewal.RenewedBy);
        Assert.False((await w.ShowAsync(first, "c1")).Renewal.CanRenew);
        var twice = await ProgramWorld.Refused(() => w.App.Send(new RenewAgreement.Command("c1", first)), ErrorKind.Conflict);
        Assert.Contains(renewal.Number, twice.Message);
        await ProgramWorld.Refused(() => w.App.Send(new RenewAgreement.Command("lz", first)), ErrorKind.Forbidden);

        // One-to-one holds only where terms overlap: the renewal passes beside its running predecessor, a pairing of
        // C1 with another school during the same months does not.
        await w.ActAsync("c1", renewal.Number, "submit");
        await w.CountiesApproveAsync(renewal.Number);
        await w.ActAsync("qy", renewal.Number, "approve");
        await LifecycleSteps.SignAllAsync(w, renewal.Number, "g1.sign", "c1.sign");
        var overlapping = await w.App.Send(new DraftAgreement.Command("c1", new AgreementDraft(Program, "清远市第二中学托管帮扶连州市第二中学协议",
            new DateOnly(2025, 3, 1), new DateOnly(2026, 2, 28), [new("G2", "supporter", "g2.sign"), new("C1", "supported")], "目标")));
        var refused = await ProgramWorld.Refused(() => w.ActAsync("c1", overlapping.Number, "submit"), ErrorKind.Refused);
        Assert.Contains(first, refused.Message);

        // The pair counts once on every day: the old agreement until its last day, the renewal from the next.
        Assert.Equal(1, await PairsOnAsync(w, 2025, 7, 31));
        Assert.Equal(1, await PairsOnAsync(w, 2025, 8, 1));
        Assert.Equal(0, await PairsOnAsync(w, 2024, 8, 31));

        // The day after its term the old agreement leaves 履行中 by itself and the county is asked for a final evaluation.
        await w.RunTimersAtAsync(2025, 8, 1);
        Assert.Equal("final_evaluation", await w.StateAsync(first));
        Assert.Equal("active", await w.StateAsync(renewal.Number));
        Assert.Contains(await w.App.Send(new ListTasks.Query("lz")), t => t.Number == first && t.Title == "终期评估");
        var noRating = await ProgramWorld.Refused(() => w.ActAsync("lz", first, "close", inputs: new() { ["summary"] = "完成三年目标" }), ErrorKind.Invalid);
        Assert.Equal("rating", noRating.Field);
        await w.ActAsync("lz", first, "close", inputs: new() { ["rating"] = "良好", ["summary"] = "完成年度目标，本科上线率提高 4 个百分点" });
        Assert.Equal("completed", await w.StateAsync(first));
        Assert.Equal(1, await PairsOnAsync(w, 2025, 8, 2));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_a_renewal_the_pair_stops_counting_after_its_term_and_the_schools_may_pair_again(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var first = await LifecycleSteps.SignedTrusteeshipAsync(w, "G1", "C1");
        Assert.Equal(1, await PairsOnAsync(w, 2025, 7, 31));

        await w.RunTimersAtAsync(2025, 8, 1);
        Assert.Equal("final_evaluation", await w.StateAsync(first));
        Assert.Equal(0, await PairsOnAsync(w, 2025, 8, 1));

        // With the term over, the county school may be paired again at once, even before the evaluation is closed.
        var next = await w.App.Send(new DraftAgreement.Command("c1", new AgreementDraft(Program, "清远市第二中学托管帮扶连州市第二中学协议",
            new DateOnly(2025, 9, 1), new DateOnly(2028, 7, 31), [new("G2", "supporter", "g2.sign"), new("C1", "supported")], "目标")));
        await w.ActAsync("c1", next.Number, "submit");
        Assert.Equal("county_review", await w.StateAsync(next.Number));
    }

    [Fact]
    public void The_next_term_keeps_the_number_of_school_years()
    {
        Assert.Equal((new DateOnly(2027, 8, 1), new DateOnly(2030, 7, 31)), RenewAgreement.NextTerm(new DateOnly(2024, 9, 1), new DateOnly(2027, 7, 31)));
        Assert.Equal((new DateOnly(2025, 8, 1), new DateOnly(2026, 7, 31)), RenewAgreement.NextTerm(new DateOnly(2024, 9, 1), new DateOnly(2025, 7, 31)));
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2027, 2, 28)), RenewAgreement.NextTerm(new DateOnly(2025, 3, 1), new DateOnly(2026, 2, 28)));
    }
}
