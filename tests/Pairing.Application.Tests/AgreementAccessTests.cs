using Pairing.Application.Access;
using Pairing.Application.Agreements;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

/// <summary>Who may draft, edit, see and act on an agreement, and what a stale edit gets.</summary>
public sealed class AgreementAccessTests
{
    private static readonly PartyInput[] Pair = [new("G1", "supporter", "g1.sign"), new("C1", "supported", "c1.sign")];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Drafting_editing_and_seeing_follow_the_roles(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);

        await ProgramWorld.Refused(() => w.DraftAsync("lz", Programs.CountyTrusteeship, "托管协议", Pair), ErrorKind.Forbidden);
        var notParty = await ProgramWorld.Refused(() => w.DraftAsync("c2", Programs.CountyTrusteeship, "托管协议", Pair), ErrorKind.Forbidden);
        Assert.Equal("parties", notParty.Field);
        var unknown = await ProgramWorld.Refused(() => w.DraftAsync("c1", Programs.CountyTrusteeship, "托管协议",
            new PartyInput("G9", "supporter"), new PartyInput("C1", "supported")), ErrorKind.Invalid);
        Assert.Equal("parties[0].institution", unknown.Field);
        var badTerm = await ProgramWorld.Refused(() => w.App.Send(new DraftAgreement.Command("c1", new AgreementDraft(Programs.CountyTrusteeship, "托管协议",
            new DateOnly(2025, 1, 1), new DateOnly(2024, 1, 1), Pair))), ErrorKind.Invalid);
        Assert.Equal("termEnd", badTerm.Field);

        var n = (await w.DraftAsync("c1", Programs.CountyTrusteeship, "托管协议", Pair)).Number;
        var version = (await w.App.Send(new SummarizeAgreement.Query("c1", n))).Version;

        // The other party sees the draft but only the drafting school edits it.
        Assert.NotNull(await w.App.Send(new SummarizeAgreement.Query("g1", n)));
        await ProgramWorld.Refused(() => w.App.Send(new UpdateAgreement.Command("g1", n, new AgreementChanges(Goals: "x"), null)), ErrorKind.Forbidden);

        // A stale edit is refused and loses nothing already saved.
        await w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(Goals: "第一次保存的目标"), version));
        var stale = await ProgramWorld.Refused(() => w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(Goals: "过期页面上的目标"), version)), ErrorKind.Conflict);
        Assert.Equal("version", stale.Field);
        Assert.Equal("第一次保存的目标", (await w.ShowAsync(n)).Goals);

        // Schools and bureaus outside the agreement cannot see or act on it; the city bureau sees it.
        await ProgramWorld.Refused(() => w.App.Send(new ShowAgreement.Query("c2", n)), ErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.ActAsync("yd", n, "approve"), ErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.App.Send(new ShowAgreement.Query("jy", n)), ErrorKind.NotFound);
        Assert.Contains(await w.App.Send(new ListAgreements.Query("qy", new AgreementFilter())), a => a.Number == n);
        Assert.Empty(await w.App.Send(new ListAgreements.Query("pn", new AgreementFilter())));

        // Once submitted the content is locked until it is returned.
        await w.ActAsync("c1", n, "submit");
        var locked = await ProgramWorld.Refused(() => w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(Goals: "改"), null)), ErrorKind.Unavailable);
        Assert.Contains("不能修改", locked.Message);
        // The policy offers the reviewing county its decisions, each saying what the page must ask for; the drafter is
        // offered none of them and may no longer edit.
        var details = await w.ShowAsync(n, "lz");
        var approve = Assert.Single(details.Actions, a => a.Id == "approve");
        Assert.Equal((ActionStyle.Primary, false), (approve.Style, approve.NeedsComment));
        var giveBack = Assert.Single(details.Actions, a => a.Id == "return");
        Assert.Equal((ActionStyle.Secondary, true), (giveBack.Style, giveBack.NeedsComment));
        var drafter = await w.ShowAsync(n, "c1");
        Assert.DoesNotContain(drafter.Actions, a => a.Id is "approve" or "return");
        Assert.False(drafter.CanEdit);
        Assert.Empty((await w.ShowAsync(n, "qy")).Actions);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_city_administrator_reaches_its_own_city_and_a_province_administrator_every_city(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var qingyuan = (await w.DraftAsync("c1", Programs.CountyTrusteeship, "托管协议", Pair)).Number;
        var jieyang = (await w.App.Send(new DraftAgreement.Command("jc1", new AgreementDraft(Programs.CountyTrusteeship, "揭阳托管协议",
            new DateOnly(2024, 9, 1), new DateOnly(2026, 7, 31), [new PartyInput("JG1", "supporter"), new PartyInput("JC1", "supported")])))).Number;

        Assert.NotNull(await w.App.Send(new SummarizeAgreement.Query("qy.admin", qingyuan)));
        await ProgramWorld.Refused(() => w.App.Send(new SummarizeAgreement.Query("qy.admin", jieyang)), ErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.App.Send(new ExportAgreementDocument.Query("qy.admin", jieyang)), ErrorKind.NotFound);
        Assert.DoesNotContain((await w.App.Send(new ListAgreements.Query("qy.admin", new AgreementFilter()))), a => a.Number == jieyang);

        Assert.NotNull(await w.App.Send(new SummarizeAgreement.Query(ProgramWorld.Viewer, jieyang)));
        Assert.Contains((await w.App.Send(new ListAgreements.Query(ProgramWorld.Viewer, new AgreementFilter()))), a => a.Number == qingyuan);
    }
}
