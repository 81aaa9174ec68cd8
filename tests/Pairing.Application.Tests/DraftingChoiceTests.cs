using Pairing.Application.Agreements;
using Pairing.Application.Errors;
using Pairing.Domain.Accounts;
using Pairing.Domain.Registry;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>What the drafting wizard is offered: only the drafter's own city, the drafter in its role, eligible
/// partners with the others explained, and for each program whether the school can draft it now and why not.</summary>
public sealed class DraftingChoiceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_university_comes_from_the_city_s_own_registry_never_another_city_s(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        await using (var db = w.App.Db())
        {
            var id = Guid.NewGuid();
            db.Institutions.Add(new Institution { Id = id, Code = "JU1", Name = "韩山师范学院", CityCode = "jieyang", Stages = [Stage.University], Tags = [Tags.University] });
            db.Accounts.Add(new Account
            {
                Id = Guid.NewGuid(), UserName = "ju1.sign", DisplayName = "韩山师范学院 院长 陈平", PersonName = "陈平", Position = "院长",
                Role = AccountRole.Staff, CityCode = "jieyang", InstitutionId = id, InstitutionCode = "JU1", CanSign = true
            });
            await db.SaveChangesAsync();
        }

        var choices = await w.App.Send(new ChooseParties.Query("c1", Programs.UniversityPartnership));
        var universities = choices.Role("university")!;
        Assert.Equal(["U1"], universities.Eligible.Select(c => c.Code));
        Assert.DoesNotContain(choices.Roles.SelectMany(r => r.Candidates), c => c.Code == "JU1");
        // The school drafts as the county high school; the county government must be its own county's.
        Assert.Equal("school", choices.DrafterRole);
        Assert.Equal(["C1"], choices.Role("school")!.Candidates.Select(c => c.Code));
        Assert.Equal(["GOV-LZ"], choices.Role("government")!.Eligible.Select(c => c.Code));
        Assert.Equal("与本校不在同一县（市、区）", choices.Find("government", "GOV-YD")!.Reason);

        // Naming another city's university directly is refused by the program's rules, not only hidden by the wizard.
        var refused = await ProgramWorld.Refused(() => w.DraftAsync("c1", Programs.UniversityPartnership, "韩山师范学院帮扶连州市第二中学协议",
            new PartyInput("C1", "school", "c1.sign"), new PartyInput("JU1", "university", "ju1.sign")), ErrorKind.Refused);
        Assert.Equal("party-city", refused.Rule);
        Assert.Contains("韩山师范学院", refused.Message);
        Assert.NotNull(await w.DraftAsync("c1", Programs.UniversityPartnership, "华南师范大学帮扶连州市第二中学协议",
            new PartyInput("C1", "school", "c1.sign"), new PartyInput("U1", "university", "u1.sign")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_program_says_whether_the_school_can_draft_it_and_why_not(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        // 浛洸中学 is supported by 清远市第一中学 from 1 September 2024.
        var paired = await w.App.Send(new DraftAgreement.Command("c2", new AgreementDraft(Programs.CountyTrusteeship, "清远市第一中学托管帮扶英德市浛洸中学协议",
            new DateOnly(2024, 9, 1), new DateOnly(2027, 7, 31), [new("G1", "supporter", "g1.sign"), new("C2", "supported", "c2.sign")], "三年内本科上线率提高")));
        await w.ActAsync("c2", paired.Number, "submit");
        w.Clock.SetLocal(2024, 9, 10);

        var options = await w.App.Send(new ChooseProgram.Query("c2"));
        Assert.All(options, o => Assert.NotEqual("优质特色教育集团", o.Title));        // Jieyang's program, not Qingyuan's
        var trusteeship = options.Single(o => o.Program == Programs.CountyTrusteeship);
        Assert.False(trusteeship.CanDraft);
        Assert.StartsWith($"本校已在协议 {paired.Number}《清远市第一中学托管帮扶英德市浛洸中学协议》中结对（受援方，一对一帮扶，至 2027年7月31日", trusteeship.Blockers[0]);
        var exchange = options.Single(o => o.Program == "teacher-exchange");
        Assert.Equal(["本校不是本项目的派出学校或接收学校（派出学校须是村小、教学点；接收学校须是县城学校、乡镇中心校）"], exchange.Blockers);
        var university = options.Single(o => o.Program == Programs.UniversityPartnership);
        Assert.True(university.CanDraft);
        Assert.Equal("县中", university.DrafterRole);
        Assert.True(options.TakeWhile(o => o.CanDraft).Count() == options.Count(o => o.CanDraft), "what the school can draft comes first");

        // Another county high school may still draft: only the supporter still free is offered, the paired one explained.
        var other = await w.App.Send(new ChooseParties.Query("c1", Programs.CountyTrusteeship));
        Assert.True(other.CanDraft);
        Assert.Equal(["G2"], other.Role("supporter")!.Eligible.Select(c => c.Code));
        Assert.Contains($"已在协议 {paired.Number}", other.Find("supporter", "G1")!.Reason);
        Assert.Empty(DraftChecks.Parties(other, [new("G2", "supporter"), new("C1", "supported")]));
        Assert.Equal(["清远市第一中学不能担任帮扶方：" + other.Find("supporter", "G1")!.Reason],
            DraftChecks.Parties(other, [new("G1", "supporter"), new("C1", "supported")]).Select(p => p.Message));
        Assert.Equal(["起草单位（连州市第二中学）必须是协议的一方"], DraftChecks.Parties(other, [new("G2", "supporter"), new("C2", "supported")])
            .Where(p => p.Message.StartsWith("起草单位", StringComparison.Ordinal)).Select(p => p.Message));
    }
}
