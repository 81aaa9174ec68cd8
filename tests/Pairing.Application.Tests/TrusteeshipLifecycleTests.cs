using Pairing.Application.Agreements;
using Pairing.Application.Audit;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

public sealed class TrusteeshipLifecycleTests
{
    private const string Program = Programs.CountyTrusteeship;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Qingyuan_trusteeship_runs_from_draft_to_completion(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);

        // A weak county high school cannot be the supporter, and the refusal names the rule and the school.
        var wrongTag = await ProgramWorld.Refused(() => w.DraftAsync("c1", Program, "托管协议",
            new PartyInput("C2", "supporter", "c2.sign"), new PartyInput("C1", "supported", "c1.sign")), ErrorKind.Refused);
        Assert.Contains("英德市浛洸中学", wrongTag.Message);
        Assert.Contains("优质普通高中", wrongTag.Message);

        var draft = await w.DraftAsync("c1", Program, "清远市第一中学托管帮扶连州市第二中学协议",
            new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C1", "supported", "c1.sign"));
        var n = draft.Number;
        Assert.Equal("441800-TG-2024-001", n);
        Assert.Equal("draft", draft.State);

        // The plan is incomplete: the submission is refused and names the missing field.
        var incomplete = await ProgramWorld.Refused(() => w.ActAsync("c1", n, "submit"), ErrorKind.Refused);
        Assert.Contains("goals", incomplete.Message);
        await w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(Goals: "三年内本科上线率提高 10 个百分点"), null));
        await w.ActAsync("c1", n, "submit");
        Assert.Equal("county_review", await w.StateAsync(n));

        // Each county where a party sits reviews it (连州 for the county school, 清城 for the supporter); other counties
        // do not even see the agreement.
        Assert.Contains(await w.App.Send(new ListTasks.Query("lz")), t => t.Number == n && t.Title == "审核协议");
        Assert.Contains(await w.App.Send(new ListTasks.Query("qc")), t => t.Number == n && t.Title == "审核协议");
        Assert.DoesNotContain(await w.App.Send(new ListTasks.Query("yd")), t => t.Number == n);
        await ProgramWorld.Refused(() => w.ActAsync("yd", n, "approve"), ErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.ActAsync("c1", n, "approve"), ErrorKind.Forbidden);

        await LifecycleSteps.ReturnWithReasonAsync(w, n, "lz", "c1");
        await w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(Goals: "2025 年本科上线率提高 5 个百分点，2027 年提高 10 个百分点"), null));
        await w.ActAsync("c1", n, "submit");
        await w.ActAsync("lz", n, "approve");
        // One county's approval is not enough: the pair waits for 清城, and 连州 is not offered approval again.
        Assert.Equal("county_review", await w.StateAsync(n));
        Assert.DoesNotContain((await w.ShowAsync(n, "lz")).Actions, a => a.Id == "approve");
        Assert.Contains((await w.ShowAsync(n, "qc")).Actions, a => a.Id == "approve");
        Assert.Equal(ErrorKind.Unavailable, (await Assert.ThrowsAsync<PairingException>(() => w.ActAsync("lz", n, "approve"))).Kind);
        await w.ActAsync("qc", n, "approve");
        Assert.Equal("city_review", await w.StateAsync(n));
        await LifecycleSteps.ConcurrentDoubleActionAsync(w, n, "qy", "approve");
        Assert.Equal("signing", await w.StateAsync(n));
        Assert.Single((await w.ShowAsync(n)).Revisions);

        // Staff without signing authority may not sign; signatories sign in any order; a retried click is harmless.
        await ProgramWorld.Refused(() => w.ActAsync("c1", n, "sign"), ErrorKind.Forbidden);
        await LifecycleSteps.RepeatedKeyAsync(w, n, "c1.sign", "sign");
        await w.ActAsync("g1.sign", n, "sign");
        Assert.Equal("active", await w.StateAsync(n));
        var active = await w.ShowAsync(n);
        Assert.All(active.Summary.Parties, p => Assert.True(p.Signed));
        Assert.NotNull(active.Revisions[0].SignedAt);
        Assert.Equal(["2024-2025", "2024-2025-1", "2024-2025-2"], active.Cycles.Select(c => c.Key).Order().ToArray());

        // One-to-one: the supporter already holds a trusteeship, so a second pairing is refused by name.
        var second = await w.DraftAsync("c2", Program, "清远市第一中学托管帮扶英德市浛洸中学协议",
            new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C2", "supported", "c2.sign"));
        await w.App.Send(new UpdateAgreement.Command("c2", second.Number, new AgreementChanges(Goals: "提升质量"), null));
        var exclusive = await ProgramWorld.Refused(() => w.ActAsync("c2", second.Number, "submit"), ErrorKind.Refused);
        Assert.Equal("exclusive-parties", exclusive.Rule);
        Assert.Contains("规则「一对一帮扶」", exclusive.Message);
        Assert.Contains("清远市第一中学", exclusive.Message);
        Assert.Contains(n, exclusive.Message);
        Assert.Equal("draft", await w.StateAsync(second.Number));

        await LifecycleSteps.OverdueReportAsync(w, n, "c1", "lz");

        // An amendment goes back through approval and signing; the first signed revision stays on record.
        await w.ActAsync("c1", n, "amend");
        await w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(Goals: "增加选课走班指导：2025 年本科上线率提高 6 个百分点"), null));
        await w.ActAsync("c1", n, "submit");
        await w.CountiesApproveAsync(n);
        await w.ActAsync("qy", n, "approve");
        Assert.Equal("resigning", await w.StateAsync(n));
        Assert.All((await w.ShowAsync(n)).Summary.Parties, p => Assert.False(p.Signed));
        await w.ActAsync("g1.sign", n, "sign");
        Assert.Equal(["G1"], (await w.ShowAsync(n)).Summary.Parties.Where(p => p.Signed).Select(p => p.Code).ToArray());
        await w.ActAsync("c1.sign", n, "sign");
        var amended = await w.ShowAsync(n);
        Assert.Equal("active", amended.Summary.State);
        Assert.Equal([1, 2], amended.Revisions.Select(r => r.Number).ToArray());
        Assert.All(amended.Revisions, r => Assert.NotNull(r.SignedAt));
        Assert.NotEqual(amended.Revisions[0].Hash, amended.Revisions[1].Hash);
        Assert.Equal(3, amended.Cycles.Count);

        await LifecycleSteps.EvaluateAsync(w, n, "lz");

        await ProgramWorld.Refused(() => w.ActAsync("qy", n, "terminate"), ErrorKind.Invalid);
        await w.ActAsync("qy", n, "complete");
        var done = await w.ShowAsync(n);
        Assert.Equal("completed", done.Summary.State);
        Assert.Equal("cancelled", done.Cycles.Single(c => c.Key == "2024-2025-2").Status);
        Assert.Equal("completed", done.Cycles.Single(c => c.Key == "2024-2025-1").Status);
        Assert.Empty(await w.App.Send(new ListTasks.Query("c1")));

        Assert.True((await w.App.Send(new VerifyJournal.Query())).Intact);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Jieyang_trusteeship_lets_one_quality_school_support_two_county_schools(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        async Task<string> Pair(string supported)
        {
            var s = await w.App.Send(new DraftAgreement.Command(supported.ToLowerInvariant(), new AgreementDraft(Program, $"揭阳市第一中学帮扶{supported}",
                new DateOnly(2024, 9, 1), new DateOnly(2026, 7, 31), [new("JG1", "supporter", "jg1.sign"), new(supported, "supported")], "提升教学质量")));
            await w.ActAsync(supported.ToLowerInvariant(), s.Number, "submit");
            // Jieyang's chain has one step: the county bureau approves straight into signing.
            await w.ActAsync("pn", s.Number, "approve");
            Assert.Equal("signing", await w.StateAsync(s.Number));
            await LifecycleSteps.SignAllAsync(w, s.Number, "jg1.sign", $"{supported.ToLowerInvariant()}.sign");
            return s.Number;
        }
        await Pair("JC1");
        await Pair("JC2");
        var targets = (await w.App.Send(new ComputeCompliance.Query(null, "jieyang", new DateOnly(2024, 9, 2)))).Single().Programs.Where(p => p.Program == Program).ToList();
        var result = targets.Single(p => p.Title.EndsWith("每所优质高中至少帮扶1所", StringComparison.Ordinal));
        // Task 9's second clause: a provincial group whose core is a quality high school supports a county school too.
        Assert.True(targets.Single(p => p.Title.EndsWith("优质高中为核心校的省级集团至少帮扶1所", StringComparison.Ordinal)).Met);
        Assert.True(result.Met);
        Assert.Equal(2, result.Details.Single(d => d.Code == "JG1").Count);

        // The supported side is still exclusive.
        var again = await w.App.Send(new DraftAgreement.Command("jc1", new AgreementDraft(Program, "重复帮扶", new DateOnly(2024, 9, 1), new DateOnly(2026, 7, 31),
            [new("JG1", "supporter", "jg1.sign"), new("JC1", "supported", "jc1.sign")], "目标")));
        var refused = await ProgramWorld.Refused(() => w.ActAsync("jc1", again.Number, "submit"), ErrorKind.Refused);
        Assert.Contains("普宁市第五中学", refused.Message);
        // Jieyang names its own rule: one supporter per county school, not Qingyuan's one-to-one.
        Assert.Contains("规则「每所薄弱县中一个帮扶方」", refused.Message);
    }
}
