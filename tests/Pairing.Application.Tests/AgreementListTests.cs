using MiniExcelLibs;
using Pairing.Application.Agreements;
using Pairing.Application.Dashboard;
using Pairing.Application.Exports;
using Pairing.Application.Lists;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>The list use cases on SQLite and PostgreSQL: filters by Chinese names and by the dashboard's drill-down
/// (live on a day, an institution in a role), lifecycle order, the dropdowns a user is offered, the reports list, an
/// export equal to its list, and a county's part of the dashboard.</summary>
public sealed class AgreementListTests
{
    private const string Program = "county-trusteeship";

    private static async Task<string> SignedPairAsync(ProgramWorld w)
    {
        var n = (await w.DraftAsync("c1", Program, "清远市第一中学托管帮扶连州市第二中学协议",
            new PartyInput("G1", "supporter", "g1.sign"), new PartyInput("C1", "supported", "c1.sign"))).Number;
        await w.App.Send(new UpdateAgreement.Command("c1", n, new AgreementChanges(Goals: "三年内本科上线率提高 10 个百分点"), null));
        await w.ActAsync("c1", n, "submit");
        await w.CountiesApproveAsync(n);
        await w.ActAsync("qy", n, "approve");
        await LifecycleSteps.SignAllAsync(w, n, "g1.sign", "c1.sign");
        return n;
    }

    private static async Task<List<string>> NumbersAsync(ProgramWorld w, string user, AgreementFilter filter, SortOrder? sort = null) =>
        (await w.App.Send(new ListAgreements.Query(user, filter, sort))).Select(a => a.Number).ToList();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Agreements_are_found_by_chinese_names_and_by_what_the_dashboard_counted(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var signed = await SignedPairAsync(w);
        var draft = (await w.DraftAsync("c2", Program, "清远市第二中学托管帮扶英德市浛洸中学协议",
            new PartyInput("G2", "supporter", "g2.sign"), new PartyInput("C2", "supported", "c2.sign"))).Number;

        Assert.Equal([signed], await NumbersAsync(w, "qy", new(State: "履行中")));
        Assert.Equal([signed], await NumbersAsync(w, "qy", new(State: "active")));
        Assert.Equal([draft], await NumbersAsync(w, "qy", new(State: "草稿")));
        Assert.Equal([signed], await NumbersAsync(w, "qy", new(County: "连州市")));
        Assert.Equal([signed], await NumbersAsync(w, "qy", new(County: "lianzhou")));
        // Drill-down: live on a day of its term (not before the term starts), the supporter in its role.
        Assert.Equal([signed], await NumbersAsync(w, "qy", new(Program: Program, Live: new DateOnly(2024, 10, 1))));
        Assert.Empty(await NumbersAsync(w, "qy", new(Program: Program, Live: new DateOnly(2024, 8, 31))));
        Assert.Empty(await NumbersAsync(w, "qy", new(Program: Program, Live: new DateOnly(2025, 8, 1))));
        Assert.Equal([signed], await NumbersAsync(w, "qy", new(Institution: "G1", Role: "supporter")));
        Assert.Empty(await NumbersAsync(w, "qy", new(Institution: "G1", Role: "supported")));
        Assert.Equal([signed, draft], await NumbersAsync(w, "qy", new(County: "qingcheng", Role: "supporter")));
        Assert.Equal([draft], await NumbersAsync(w, "qy", new(County: "英德市", Role: "supported")));
        Assert.Empty(await NumbersAsync(w, "qy", new(County: "lianzhou", Role: "supporter")));
        // Sorted by state in lifecycle order: the draft before the active agreement, and the reverse.
        Assert.Equal([draft, signed], await NumbersAsync(w, "qy", new(), new SortOrder(ListAgreements.ByState)));
        Assert.Equal([signed, draft], await NumbersAsync(w, "qy", new(), new SortOrder(ListAgreements.ByState, Descending: true)));
        // A school's filters never widen its list.
        Assert.Empty(await NumbersAsync(w, "c1", new(Institution: "G2")));

        // The dropdowns: Chinese titles, counties of what the user can see.
        var city = await w.App.Send(new AgreementListOptions.Query("qy"));
        Assert.Contains(new FilterChoice("active", "履行中"), city.States);
        Assert.True(city.States.ToList().FindIndex(s => s.Value == "draft") < city.States.ToList().FindIndex(s => s.Value == "active"));
        Assert.Equal(["清城区", "英德市", "连州市"], city.Counties.Select(c => c.Title).Order(StringComparer.Ordinal));
        Assert.Equal(["清城区", "连州市"], (await w.App.Send(new AgreementListOptions.Query("c1"))).Counties.Select(c => c.Title).Order(StringComparer.Ordinal));
        Assert.Equal([2025, 2024], city.Years);
        Assert.Contains(new FilterChoice("待提交", "待提交"), city.ReportStates);

        // The export holds the list's rows in its order, for a school only its own.
        var file = await w.App.Send(new ExportAgreements.Query("c1", new AgreementFilter()));
        using var stream = new MemoryStream(file.Bytes);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal([signed], rows.Select(r => r["编号"].ToString()));
        Assert.Equal("履行中", rows[0]["状态"].ToString());
        Assert.Equal(["清城区", "连州市"], rows[0]["县（市、区）"].ToString()!.Split('、').Order(StringComparer.Ordinal));
        Assert.Equal("受援方：连州市第二中学；帮扶方：清远市第一中学", rows[0]["参与方"].ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_are_listed_for_whoever_must_act_and_in_full_and_a_county_sees_its_part_of_the_dashboard(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        var signed = await SignedPairAsync(w);
        await w.RunTimersAtAsync(2025, 2, 1);
        await w.RunTimersAtAsync(2025, 2, 20);

        var mine = await w.App.Send(new ListReports.Query("c1", new ReportFilter()));
        var overdue = Assert.Single(mine, r => r.Overdue);
        Assert.Equal((signed, "已逾期", true), (overdue.Number, overdue.StateTitle, overdue.Mine));
        Assert.Contains("第一学期", overdue.Period);
        Assert.Equal(new DateOnly(2025, 2, 15), overdue.Due);
        Assert.Empty(await w.App.Send(new ListReports.Query("c2", new ReportFilter(Mine: false))));
        var all = await w.App.Send(new ListReports.Query("qy", new ReportFilter(Mine: false)));
        Assert.True(all.Count > mine.Count);
        Assert.All(all, r => Assert.Equal(["清城区", "连州市"], r.Counties.Order(StringComparer.Ordinal)));
        Assert.Equal([overdue.Cycle], (await w.App.Send(new ListReports.Query("qy", new ReportFilter(Mine: false, State: "已逾期")))).Select(r => r.Cycle));
        Assert.Empty(await w.App.Send(new ListReports.Query("qy", new ReportFilter(Mine: false, County: "英德市"))));

        // 连州市's view of the trusteeship target: the number is the city's, and says so.
        var dashboard = await w.App.Send(new ShowDashboard.Query("lz", null, new DateOnly(2025, 2, 20)));
        Assert.Equal("连州市", dashboard.CountyName);
        var trusteeship = dashboard.Figures.First(f => f.Result.Program == Program);
        Assert.True(trusteeship.CityWide);
        Assert.Equal(ShowDashboard.WholeCity, trusteeship.Scope);
        Assert.Equal("此目标只对全市设定，数字为全市合计；其中有连州市学校参与的 1 个", trusteeship.Note);
        Assert.Equal(new DrillDown("qingyuan", Program, new DateOnly(2025, 2, 20), County: "lianzhou"), trusteeship.CountyBehind);
    }
}
