using Pairing.Application.Agreements;
using Pairing.Domain.Programs;
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

        await ProgramWorld.Refused(() => w.DraftAsync("lz", ProgramCatalog.CountyTrusteeship, "托管协议", Pair), WorkflowErrorKind.Forbidden);
        var notParty = await ProgramWorld.Refused(() => w.DraftAsync("c2", ProgramCatalog.CountyTrusteeship, "托管协议", Pair), WorkflowErrorKind.Forbidden);
        Assert.Equal("parties", notParty.Field);
        var unknown = await ProgramWorld.Refused(() => w.DraftAsync("c1", ProgramCatalog.CountyTrusteeship, "托管协议",
            new PartyInput("G9", "supporter"), new PartyInput("C1", "supported")), WorkflowErrorKind.Invalid);
        Assert.Equal("parties[0].institution", unknown.Field);
        var badTerm = await ProgramWorld.Refused(() => w.App.Agreements.DraftAsync("c1", new AgreementDraft(ProgramCatalog.CountyTrusteeship, "托管协议",
            new DateOnly(2025, 1, 1), new DateOnly(2024, 1, 1), Pair)), WorkflowErrorKind.Invalid);
        Assert.Equal("termEnd", badTerm.Field);

        var n = (await w.DraftAsync("c1", ProgramCatalog.CountyTrusteeship, "托管协议", Pair)).Number;
        var version = (await w.App.Queries.SummaryAsync("c1", n)).Version;

        // The other party sees the draft but only the drafting school edits it.
        Assert.NotNull(await w.App.Queries.SummaryAsync("g1", n));
        await ProgramWorld.Refused(() => w.App.Agreements.UpdateAsync("g1", n, new AgreementChanges(Goals: "x"), null), WorkflowErrorKind.Forbidden);

        // A stale edit is refused and loses nothing already saved.
        await w.App.Agreements.UpdateAsync("c1", n, new AgreementChanges(Goals: "第一次保存的目标"), version);
        var stale = await ProgramWorld.Refused(() => w.App.Agreements.UpdateAsync("c1", n, new AgreementChanges(Goals: "过期页面上的目标"), version), WorkflowErrorKind.Conflict);
        Assert.Equal("version", stale.Field);
        Assert.Equal("第一次保存的目标", (await w.ShowAsync(n)).Goals);

        // Schools and bureaus outside the agreement cannot see or act on it; the city bureau sees it.
        await ProgramWorld.Refused(() => w.App.Queries.ShowAsync("c2", n), WorkflowErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.ActAsync("yd", n, "approve"), WorkflowErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.App.Queries.ShowAsync("jy", n), WorkflowErrorKind.NotFound);
        Assert.Contains(await w.App.Queries.ListAsync("qy", new AgreementFilter()), a => a.Number == n);
        Assert.Empty(await w.App.Queries.ListAsync("pn", new AgreementFilter()));

        // Once submitted the content is locked until it is returned.
        await w.ActAsync("c1", n, "submit");
        var locked = await ProgramWorld.Refused(() => w.App.Agreements.UpdateAsync("c1", n, new AgreementChanges(Goals: "改"), null), WorkflowErrorKind.Unavailable);
        Assert.Contains("不能修改", locked.Message);
        var details = await w.ShowAsync(n, "lz");
        Assert.Contains(details.AvailableActions, a => a.StartsWith("approve"));
        Assert.DoesNotContain((await w.ShowAsync(n, "c1")).AvailableActions, a => a.StartsWith("approve"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_city_administrator_reaches_its_own_city_and_a_province_administrator_every_city(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var qingyuan = (await w.DraftAsync("c1", ProgramCatalog.CountyTrusteeship, "托管协议", Pair)).Number;
        var jieyang = (await w.App.Agreements.DraftAsync("jc1", new AgreementDraft(ProgramCatalog.CountyTrusteeship, "揭阳托管协议",
            new DateOnly(2024, 9, 1), new DateOnly(2026, 7, 31), [new PartyInput("JG1", "supporter"), new PartyInput("JC1", "supported")]))).Number;

        Assert.NotNull(await w.App.Queries.SummaryAsync("qy.admin", qingyuan));
        await ProgramWorld.Refused(() => w.App.Queries.SummaryAsync("qy.admin", jieyang), WorkflowErrorKind.NotFound);
        await ProgramWorld.Refused(() => w.App.Documents.ExportAsync("qy.admin", jieyang), WorkflowErrorKind.NotFound);
        Assert.DoesNotContain((await w.App.Queries.ListAsync("qy.admin", new AgreementFilter())), a => a.Number == jieyang);

        Assert.NotNull(await w.App.Queries.SummaryAsync(ProgramWorld.Viewer, jieyang));
        Assert.Contains((await w.App.Queries.ListAsync(ProgramWorld.Viewer, new AgreementFilter())), a => a.Number == qingyuan);
    }
}
