using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
using Pairing.Domain.Programs;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>The pairing structures the two plans set numbers for, beyond the three original programs: urban-rural
/// education communities counted per county, education groups counted by level, teaching-research assistance
/// measured from its report indicators, and teacher exchange of at least a year — each from its definition file.</summary>
public sealed class PlanStructureTests
{
    private static AgreementDraft Draft(string program, string title, DateOnly start, DateOnly end, params PartyInput[] parties) =>
        new(program, title, start, end, parties, "按方案要求开展帮扶");

    private static async Task<string> SignedAsync(ProgramWorld w, string drafter, AgreementDraft draft, bool cityApproves = false)
    {
        var summary = await w.App.Send(new DraftAgreement.Command(drafter, draft));
        await w.ActAsync(drafter, summary.Number, "submit");
        await w.CountiesApproveAsync(summary.Number);
        if (cityApproves) await w.ActAsync(ProgramWorld.CityBureauOf(summary.City), summary.Number, "approve");
        await LifecycleSteps.SignAllAsync(w, summary.Number, [.. draft.Parties.Select(p => $"{p.InstitutionCode.ToLowerInvariant()}.sign")]);
        return summary.Number;
    }

    private static async Task<ComplianceResult> TargetAsync(ProgramWorld w, string city, string program, string rule, DateOnly day) =>
        (await w.App.Send(new ComputeCompliance.Query(null, city, day))).Single().Programs.Single(p => p.Program == program && p.Title.EndsWith(rule, StringComparison.Ordinal));

    private static readonly DateOnly Start = new(2024, 9, 1), End = new(2027, 7, 31);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Urban_rural_communities_are_counted_per_county_with_members_of_the_lead_s_county(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        const string program = "urban-rural-community";

        // A member must sit in the lead's county; a lead must carry the community-lead tag.
        var farMember = await ProgramWorld.Refused(() => w.App.Send(new DraftAgreement.Command("cl1", Draft(program, "先锋小学城乡教育共同体", Start, End,
            new("CL1", "lead"), new("P2", "member")))), ErrorKind.Refused);
        Assert.Contains("规则「成员校属地」", farMember.Message);
        var notLead = await ProgramWorld.Refused(() => w.App.Send(new DraftAgreement.Command("qm1", Draft(program, "源潭镇共同体", Start, End,
            new("QM1", "lead"), new("QM2", "member")))), ErrorKind.Refused);
        Assert.Contains("不是城乡教育共同体牵头校", notLead.Message);

        // The county approves alone (communities are county-run): no city step.
        var first = await SignedAsync(w, "cl1", Draft(program, "先锋小学城乡教育共同体（一）", Start, End, new("CL1", "lead"), new("QM1", "member")));
        Assert.StartsWith("441800-GT-2024-", first);
        var day = new DateOnly(2024, 9, 2);
        var perCounty = await TargetAsync(w, "qingyuan", program, "各县（市、区）共同体数", day);
        Assert.Equal(("1/2", false), (perCounty.Details.Single(d => d.Code == "qingcheng").Note, perCounty.Details.Single(d => d.Code == "qingcheng").Met));
        Assert.Contains("主要任务第9项", perCounty.Source);

        // A member school belongs to one community only, named by the plan's structure; a second community with a new
        // member brings 清城 to its two.
        var again = await w.App.Send(new DraftAgreement.Command("cl1", Draft(program, "先锋小学城乡教育共同体（二）", Start, End, new("CL1", "lead"), new("QM1", "member"))));
        var taken = await ProgramWorld.Refused(() => w.ActAsync("cl1", again.Number, "submit"), ErrorKind.Refused);
        Assert.Contains("规则「成员校只加入一个城乡教育共同体」", taken.Message);
        await SignedAsync(w, "cl1", Draft(program, "先锋小学城乡教育共同体（三）", Start, End, new("CL1", "lead"), new("QM2", "member")));
        perCounty = await TargetAsync(w, "qingyuan", program, "各县（市、区）共同体数", day);
        Assert.True(perCounty.Details.Single(d => d.Code == "qingcheng").Met);
        Assert.False(perCounty.Details.Single(d => d.Code == "lianzhou").Met);
        Assert.Equal((1, 3, false), (perCounty.Actual, perCounty.Target, perCounty.Met));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Education_groups_are_counted_by_the_level_of_their_core_school(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        const string program = "education-group";
        var day = new DateOnly(2024, 9, 2);

        var untagged = await ProgramWorld.Refused(() => w.App.Send(new DraftAgreement.Command("jc1", Draft(program, "普宁市第五中学教育集团", Start, End,
            new("JC1", "core"), new("JP1", "member")))), ErrorKind.Refused);
        Assert.Contains("规则「核心校资格」", untagged.Message);

        // Jieyang: a group is approved by the county and the city; a provincial core counts toward both targets, a
        // municipal core toward the second only.
        await SignedAsync(w, "jg1", Draft(program, "揭阳市第一中学优质基础教育集团", Start, End, new("JG1", "core"), new("JP1", "member")), cityApproves: true);
        await SignedAsync(w, "jg2", Draft(program, "普宁市华侨中学教育集团", Start, End, new("JG2", "core"), new("JC2", "member")), cityApproves: true);
        var provincial = await TargetAsync(w, "jieyang", program, "省级以上集团", day);
        var municipal = await TargetAsync(w, "jieyang", program, "市级以上集团", day);
        Assert.Equal((1, 2, false), (provincial.Actual, provincial.Target, provincial.Met));
        Assert.Equal((2, 10), (municipal.Actual, municipal.Target));
        Assert.Contains("第13项", municipal.Source);

        // Qingyuan sets no number for groups: the structure works, and no target is shown for it.
        Assert.DoesNotContain((await w.App.Send(new ComputeCompliance.Query(null, "qingyuan", day))).Single().Programs, p => p.Program == program);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Teaching_research_is_measured_from_accepted_report_indicators(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        const string program = "teaching-research";
        var n = await SignedAsync(w, "ro1", Draft(program, "连州市教研室乡村学校教研帮扶协议", Start, End, new("RO1", "lead"), new("P2", "member")));

        // The semester report asks the indicators the plan counts; they are required and must be numbers.
        await w.RunTimersAtAsync(2025, 2, 1);
        var missing = await ProgramWorld.Refused(() => w.ActAsync("ro1", n, "submit", cycle: "2024-2025-1",
            inputs: new() { ["summary"] = "送教下乡", ["visits"] = "3" }), ErrorKind.Invalid);
        Assert.Equal("trainings", missing.Field);
        await w.ActAsync("ro1", n, "submit", cycle: "2024-2025-1", inputs: new() { ["summary"] = "送教下乡", ["visits"] = "3", ["trainings"] = "1" });

        // Not yet accepted, the semester reads as not reported; accepted, one training is short of the two a semester.
        var trainings = await TargetAsync(w, "qingyuan", program, "每学期专项培训不少于2次", new DateOnly(2025, 2, 16));
        Assert.Contains("未报送或未审核", trainings.Details.Single().Note);
        await w.ActAsync("lz", n, "accept", cycle: "2024-2025-1");
        trainings = await TargetAsync(w, "qingyuan", program, "每学期专项培训不少于2次", new DateOnly(2025, 2, 16));
        Assert.Equal((0, 1), (trainings.Actual, trainings.Target));
        Assert.Contains("2024—2025学年第一学期 1", trainings.Details.Single().Note);

        // Thirty visits in five years, pro rata: three by mid-February is on pace, not by the end of the school year.
        var pace = await TargetAsync(w, "qingyuan", program, "5年到乡村学校指导不少于30次", new DateOnly(2025, 2, 16));
        Assert.True(pace.Details.Single().Met);
        Assert.False((await TargetAsync(w, "qingyuan", program, "5年到乡村学校指导不少于30次", new DateOnly(2025, 7, 31))).Details.Single().Met);

        // The county enters the participation rate with the annual evaluation (open the last month of the school year,
        // which ends on 31 August); 80 % is the plan's floor.
        await w.RunTimersAtAsync(2025, 8, 2);
        var low = await ProgramWorld.Refused(() => w.ActAsync("lz", n, "evaluate", cycle: "2024-2025",
            inputs: new() { ["rating"] = "良好", ["participation"] = "180" }), ErrorKind.Invalid);
        Assert.Equal("participation", low.Field);
        await w.ActAsync("lz", n, "evaluate", cycle: "2024-2025", inputs: new() { ["rating"] = "良好", ["participation"] = "85%" });
        var participation = await TargetAsync(w, "qingyuan", program, "每学年参加区域集体教研不少于80%", new DateOnly(2025, 9, 1));
        Assert.True(participation.Met);
        Assert.Contains("2024—2025学年 85", participation.Details.Single().Note);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_teacher_exchange_lasts_at_least_a_year_from_a_village_school_to_a_township_school(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        const string program = "teacher-exchange";
        var reversed = await ProgramWorld.Refused(() => w.App.Send(new DraftAgreement.Command("t1", Draft(program, "交流", Start, End,
            new("T1", "sending"), new("V1", "receiving")))), ErrorKind.Refused);
        Assert.Contains("不是村小、教学点", reversed.Message);

        var short_ = await w.App.Send(new DraftAgreement.Command("v1", Draft(program, "田心小学新教师到西岸镇中心小学任教", new DateOnly(2024, 9, 1),
            new DateOnly(2025, 6, 30), new("V1", "sending"), new("T1", "receiving"))));
        var refused = await ProgramWorld.Refused(() => w.ActAsync("v1", short_.Number, "submit"), ErrorKind.Refused);
        Assert.Contains("不少于 365 天", refused.Message);
        await w.App.Send(new UpdateAgreement.Command("v1", short_.Number, new AgreementChanges(TermEnd: new DateOnly(2025, 8, 31)), null));
        await w.ActAsync("v1", short_.Number, "submit");
        await w.CountiesApproveAsync(short_.Number);
        await LifecycleSteps.SignAllAsync(w, short_.Number, "v1.sign", "t1.sign");

        await w.RunTimersAtAsync(2025, 9, 1);
        Assert.Equal("final_evaluation", await w.StateAsync(short_.Number));
    }
}
