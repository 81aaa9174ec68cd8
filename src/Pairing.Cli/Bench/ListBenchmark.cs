using System.Diagnostics;
using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Dashboard;
using Pairing.Application.Lists;
using Pairing.Application.Registry;

namespace Pairing.Cli.Bench;

/// <summary>One read's timing: who asked, what, how many rows it matched, and the per-call latency.</summary>
public sealed record ReadTiming(string User, string Read, int Rows, double P50Ms, double P95Ms);

/// <summary>Times the reads users wait for — lists, search, inbox, reports, dashboard, compliance — through the use cases
/// as the web pages send them, for a city bureau, a county bureau, a school and the province administrator, on
/// whatever database `--db` names (typically one `bench data` filled). The reference is a single-row read by the
/// agreement number's unique index through the same stack: the floor any read pays.</summary>
public static class ListBenchmark
{
    public static async Task<IReadOnlyList<ReadTiming>> RunAsync(CliContext cli, int runs, IProgress<string> progress)
    {
        var page = new PageRequest(1, PageRequest.DefaultSize);
        var somewhere = (await cli.Send(new ListAgreements.PageQuery("qy.city", new AgreementFilter(), null, new PageRequest(1, 20)))).Items;
        var number = somewhere.Count > 0 ? somewhere[^1].Number : "none";
        var reads = new (string User, string Read, Func<Task<int>> Run)[]
        {
            ("qy.city", "参考：按编号读一份协议", async () => (await cli.Send(new SummarizeAgreement.Query("qy.city", number))) is null ? 0 : 1),
            ("qy.city", "协议列表第 1 页", async () => (await cli.Send(new ListAgreements.PageQuery("qy.city", new AgreementFilter(), null, page))).Total),
            ("qy.city", "协议列表按状态排序", async () => (await cli.Send(new ListAgreements.PageQuery("qy.city", new AgreementFilter(),
                new SortOrder(ListAgreements.ByState), page))).Total),
            ("qy.city", "协议列表：履行中、连州市", async () => (await cli.Send(new ListAgreements.PageQuery("qy.city",
                new AgreementFilter(State: "履行中", County: "lianzhou"), null, page))).Total),
            ("qy.city", "协议列表：搜索「托管」", async () => (await cli.Send(new ListAgreements.PageQuery("qy.city", new AgreementFilter(Search: "托管"), null, page))).Total),
            ("qy.city", "协议列表：搜索「连州市第二」", async () => (await cli.Send(new ListAgreements.PageQuery("qy.city", new AgreementFilter(Search: "连州市第二"), null, page))).Total),
            ("gd.admin", "协议列表：搜索「连州市第二」（全省）", async () => (await cli.Send(new ListAgreements.PageQuery("gd.admin", new AgreementFilter(Search: "连州市第二"), null, page))).Total),
            ("qy.city", "协议列表第 20 页", async () => (await cli.Send(new ListAgreements.PageQuery("qy.city", new AgreementFilter(), null,
                new PageRequest(20, PageRequest.DefaultSize)))).Total),
            ("qy.lianzhou", "协议列表第 1 页（县）", async () => (await cli.Send(new ListAgreements.PageQuery("qy.lianzhou", new AgreementFilter(), null, page))).Total),
            ("qy.g01", "协议列表第 1 页（学校）", async () => (await cli.Send(new ListAgreements.PageQuery("qy.g01", new AgreementFilter(), null, page))).Total),
            ("gd.admin", "协议列表第 1 页（全省）", async () => (await cli.Send(new ListAgreements.PageQuery("gd.admin", new AgreementFilter(), null, page))).Total),
            ("qy.g01", "待办", async () => (await cli.Send(new ListTasks.Query("qy.g01"))).Count),
            ("qy.city", "待办", async () => (await cli.Send(new ListTasks.Query("qy.city"))).Count),
            ("qy.g01", "通知", async () => (await cli.Send(new ListNotifications.Query("qy.g01"))).Count),
            ("qy.city", "报告（待我处理）", async () => (await cli.Send(new ListReports.Query("qy.city", new ReportFilter()))).Count),
            ("qy.city", "报告（全部）", async () => (await cli.Send(new ListReports.Query("qy.city", new ReportFilter(Mine: false)))).Count),
            ("qy.city", "机构名录第 1 页", async () => (await cli.Send(new ListInstitutions.Query("qy.city", Page: new PageRequest()))).Total),
            ("qy.city", "机构名录：按县排序第 100 页", async () => (await cli.Send(new ListInstitutions.Query("qy.city", Sort: new SortOrder(ListInstitutions.ByCounty), Page: new PageRequest(100)))).Total),
            ("qy.city", "机构名录：全部（导出）", async () => (await cli.Send(new ListInstitutions.Query("qy.city"))).Institutions.Count),
            ("qy.city", "看板", async () => (await cli.Send(new ShowDashboard.Query("qy.city", null))).Figures.Count),
            ("qy.city", "看板：连州市", async () => (await cli.Send(new ShowDashboard.Query("qy.city", "lianzhou"))).Figures.Count),
            ("qy.lianzhou", "看板（县）", async () => (await cli.Send(new ShowDashboard.Query("qy.lianzhou", null))).Figures.Count),
            ("qy.city", "达标情况", async () => (await cli.Send(new ComputeCompliance.Query("qy.city", null))).Count),
            ("gd.admin", "达标情况（全省）", async () => (await cli.Send(new ComputeCompliance.Query("gd.admin", null))).Count),
        };
        var results = new List<ReadTiming>();
        foreach (var (user, read, run) in reads)
        {
            progress.Report($"… {read}（{user}）");
            var rows = await run(); // warm-up: compiled queries, caches, the first connection
            var times = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            Array.Sort(times);
            results.Add(new ReadTiming(user, read, rows, Percentile(times, 0.50), Percentile(times, 0.95)));
        }
        return results;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
