using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Errors;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

public sealed class UniversityLifecycleTests
{
    private const string Program = Programs.UniversityPartnership;

    private static AgreementDraft ThreeParty(string government, params string[] focus) => new(Program, "华南师范大学帮扶连州市第二中学三方协议",
        new DateOnly(2024, 9, 1), new DateOnly(2025, 7, 31),
        [new("C1", "school", "c1.sign"), new("U1", "university", "u1.sign"), new(government, "government")],
        "建设新课程新教材实施示范校", FocusAreas: focus);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Three_party_university_partnership_runs_its_lifecycle(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);

        // The county government must be the school's own county.
        var wrongCounty = await ProgramWorld.Refused(() => w.App.Send(new DraftAgreement.Command("c1", ThreeParty("GOV-YD", "课程建设"))), ErrorKind.Refused);
        Assert.Contains("英德市人民政府", wrongCounty.Message);
        Assert.Equal("party-county", wrongCounty.Rule);

        var n = (await w.App.Send(new DraftAgreement.Command("c1", ThreeParty("GOV-LZ", "课程建设", "招生宣传")))).Number;
        // Focus areas come from the plan's list; anything else is refused by name.
        var badArea = await ProgramWorld.Refused(() => w.ActAsync("c1", n, "submit"), ErrorKind.Refused);
        Assert.Contains("招生宣传", badArea.Message);
        await w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(FocusAreas: ["课程建设", "选课走班", "综合素质评价"]), null));
        await w.ActAsync("c1", n, "submit");

        // The university sees the agreement it is party to; another school does not.
        Assert.Contains(await w.App.Send(new ListAgreements.Query("u1", new AgreementFilter())), a => a.Number == n);
        Assert.DoesNotContain(await w.App.Send(new ListAgreements.Query("c2", new AgreementFilter())), a => a.Number == n);
        await ProgramWorld.Refused(() => w.App.Send(new ShowAgreement.Query("c2", n)), ErrorKind.NotFound);

        await LifecycleSteps.ReturnWithReasonAsync(w, n, "lz", "c1");
        await w.ActAsync("c1", n, "submit");
        await w.ActAsync("lz", n, "approve");
        await LifecycleSteps.ConcurrentDoubleActionAsync(w, n, "qy", "approve");
        await LifecycleSteps.RepeatedKeyAsync(w, n, "gov-lz.sign", "sign");
        await LifecycleSteps.SignAllAsync(w, n, "u1.sign", "c1.sign");
        Assert.Equal(3, (await w.ShowAsync(n)).Summary.Parties.Count(p => p.Signed));

        // Neither plan sets a number of university pairings, so none is shown as a target.
        Assert.DoesNotContain((await w.App.Send(new ComputeCompliance.Query(null, "qingyuan", new DateOnly(2024, 9, 2)))).Single().Programs,
            p => p.Program == Program);

        await LifecycleSteps.OverdueReportAsync(w, n, "u1", "lz");
        await LifecycleSteps.EvaluateAsync(w, n, "qy");

        // Renewal drafts the next term with the same parties and plan.
        var renewed = await w.App.Send(new RenewAgreement.Command("c1", n));
        Assert.Equal(new DateOnly(2025, 8, 1), renewed.TermStart);
        Assert.Equal(3, renewed.Parties.Count);
        Assert.Equal("draft", renewed.State);
    }
}
