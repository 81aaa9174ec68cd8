using System.CommandLine;
using System.Globalization;
using Pairing.Cli.Bench;

namespace Pairing.Cli.Commands;

public static class BenchCommand
{
    public static Command Create(Handlers h)
    {
        var provider = new Option<string>("--provider") { Description = "sqlite 或 postgres", DefaultValueFactory = _ => "sqlite" };
        provider.AcceptOnlyFromAmong("sqlite", "postgres");
        var instances = new Option<int>("--instances") { Description = "每轮实例数", DefaultValueFactory = _ => 200 };
        var clients = new Option<int>("--clients") { Description = "并发客户端数", DefaultValueFactory = _ => 4 };
        var bench = new Command("bench", "引擎基准：在临时数据库上测每秒动作数（PostgreSQL 用 --db 指定服务器，会新建并删除一个临时库）")
            { provider, instances, clients };
        h.Bind(bench, async ctx =>
        {
            var p = ctx.Parse;
            var results = await EngineBenchmark.RunOnScratchAsync(p.GetValue(provider)!,
                p.GetValue(CliContext.DbOption) ?? Environment.GetEnvironmentVariable("PAIRING_DB"), p.GetValue(instances), p.GetValue(clients), ctx.Progress);
            ctx.WriteTable(["数据库", "阶段", "次数", "秒", "每秒", "p50 毫秒", "p99 毫秒", "参考上限（每秒）", "比值"], results.Select(r => new[]
            {
                r.Database, r.Phase, r.Operations.ToString(CultureInfo.InvariantCulture), r.Seconds.ToString("0.00", CultureInfo.InvariantCulture),
                r.PerSecond.ToString("0", CultureInfo.InvariantCulture), r.P50Ms.ToString("0.0", CultureInfo.InvariantCulture),
                r.P99Ms.ToString("0.0", CultureInfo.InvariantCulture),
                r.Reference is { } limit ? limit.ToString("0", CultureInfo.InvariantCulture) : "—",
                r.Reference is { } reference ? (r.PerSecond / reference).ToString("0.00", CultureInfo.InvariantCulture) : "—",
            }), $"引擎基准（{Environment.ProcessorCount} 核；参考上限：同一次运行中的{EngineBenchmark.ReferenceName}）");
            return 0;
        });
        bench.Subcommands.Add(Documents(h));
        return bench;
    }

    private static Command Documents(Handlers h)
    {
        var count = new Option<int>("--count") { Description = "签署份数", DefaultValueFactory = _ => 50 };
        var baseline = new Option<int>("--baseline") { Description = "LibreOffice 转换次数（0 跳过）", DefaultValueFactory = _ => 5 };
        var documents = new Command("documents", "文件基准：每秒生成并签署的三页协议份数和文件大小，对比 LibreOffice 把 Word 导出转成 PDF") { count, baseline };
        h.Bind(documents, async ctx =>
        {
            var results = await DocumentBenchmark.RunAsync(ctx.Parse.GetValue(count), ctx.Parse.GetValue(baseline), ctx.Progress);
            ctx.WriteTable(["方式", "份数", "秒", "每秒", "每份毫秒", "页数", "大小"], results.Select(r => new[]
            {
                r.Method, r.Documents.ToString(CultureInfo.InvariantCulture), r.Seconds.ToString("0.00", CultureInfo.InvariantCulture),
                r.PerSecond.ToString("0.0", CultureInfo.InvariantCulture), (1000 / r.PerSecond).ToString("0", CultureInfo.InvariantCulture),
                r.Pages.ToString(CultureInfo.InvariantCulture), $"{r.Bytes / 1024} KB",
            }), $"文件基准（{Environment.ProcessorCount} 核）");
            if (results.Count == 2)
                await ctx.Output.WriteLineAsync($"Pairing 每份用时是 LibreOffice 转换的 1/{results[0].PerSecond / results[1].PerSecond:0.0}");
            return 0;
        });
        return documents;
    }
}
