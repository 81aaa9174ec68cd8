using System.CommandLine;
using System.Globalization;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;
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
        bench.Subcommands.Add(Data(h));
        bench.Subcommands.Add(Reads(h));
        bench.Subcommands.Add(Web(h));
        return bench;
    }

    private static Command Web(Handlers h)
    {
        var url = new Option<string>("--url") { Description = "运行中的 Pairing 地址", DefaultValueFactory = _ => "http://localhost:5080" };
        var user = new Option<string>("--user") { Description = "登录账号", DefaultValueFactory = _ => "qy.g01" };
        var password = new Option<string>("--password") { Description = "密码（默认为示范密码）", DefaultValueFactory = _ => "Pairing@2024" };
        var connections = new Option<int>("--connections") { Description = "并发连接数", DefaultValueFactory = _ => 50 };
        var seconds = new Option<int>("--seconds") { Description = "每个地址并发测量的秒数（单连接测一半时间）", DefaultValueFactory = _ => 10 };
        var paths = new Option<string>("--paths") { Description = "要测的地址，逗号分隔", DefaultValueFactory = _ => "/,/agreements,/reports,/notifications" };
        var web = new Command("web", "网页基准：登录后对每个地址测单用户和多连接的每秒请求数、p50/p95，参考上限为同一服务器的静态样式表 /site.css（服务器请以 PAIRING_RATE_LIMITS=off 启动）")
            { url, user, password, connections, seconds, paths };
        h.Bind(web, async ctx =>
        {
            var p = ctx.Parse;
            if (!Uri.TryCreate(p.GetValue(url), UriKind.Absolute, out var server)) throw new ArgumentException($"--url：无效的地址 {p.GetValue(url)}");
            var count = Math.Clamp(p.GetValue(connections), 1, 1000);
            var results = await WebBenchmark.RunAsync(server, p.GetValue(user)!, p.GetValue(password)!, count, TimeSpan.FromSeconds(Math.Clamp(p.GetValue(seconds), 2, 600)),
                p.GetValue(paths)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ctx.Progress);
            var reference = results.Where(r => r.Path == WebBenchmark.Reference).ToDictionary(r => r.Connections, r => r.PerSecond);
            ctx.WriteTable(["地址", "连接", "请求", "失败", "每秒", "p50 毫秒", "p95 毫秒", "÷ /site.css"], results.Select(r => new[]
            {
                r.Path, r.Connections.ToString(CultureInfo.InvariantCulture), r.Requests.ToString("N0", CultureInfo.InvariantCulture),
                r.Failed.ToString(CultureInfo.InvariantCulture), r.PerSecond.ToString("0", CultureInfo.InvariantCulture),
                r.P50Ms.ToString("0.0", CultureInfo.InvariantCulture), r.P95Ms.ToString("0.0", CultureInfo.InvariantCulture),
                (r.PerSecond / reference[r.Connections]).ToString("0.000", CultureInfo.InvariantCulture),
            }), "网页基准");
            await ctx.Output.WriteLineAsync($"{Environment.ProcessorCount} 核；{server}，账号 {p.GetValue(user)}；参考上限：同一次运行中的 {WebBenchmark.Reference}");
            return results.Any(r => r.Failed > 0) ? 1 : 0;
        });
        return web;
    }

    private static Command Data(Handlers h)
    {
        var city = new Option<string>("--city") { Description = "复制哪个示范城市", DefaultValueFactory = _ => "qingyuan" };
        city.AcceptOnlyFromAmong(Seeder.Cities);
        var copies = new Option<int>("--copies") { Description = "复制份数（每份含该市全部示范协议、机构、报告周期和待办；全省时为每个城市的份数）", DefaultValueFactory = _ => 100 };
        var scale = new Option<string>("--scale") { Description = "city：复制到示范城市本身；province：复制到全省 21 个城市", DefaultValueFactory = _ => "city" };
        scale.AcceptOnlyFromAmong("city", "province");
        var data = new Command("data", "基准数据：在 --db 指定的数据库上导入示范城市，再按 --copies 批量复制（不经流程引擎），最后更新统计信息") { city, copies, scale };
        h.Bind(data, async ctx =>
        {
            await DemoCommands.PrepareAsync(ctx);
            var name = ctx.Parse.GetValue(city)!;
            if (!await ctx.Send(new HasDemoAgreements.Query(name))) await ctx.Send(new SeedDemoCity.Command(name, ctx.Progress));
            var report = await ctx.Send(new ScaleUpDemo.Command(name, ctx.Parse.GetValue(copies), ctx.Progress, ctx.Parse.GetValue(scale) == "province"));
            var optimized = await ctx.Send(new OptimizeDatabase.Command(Full: true));
            // The summary is a line of its own: a table title wider than the table makes the console renderer fail.
            ctx.WriteTable(["表", "新增行数"], report.Rows.Select(r => new[] { r.Key, r.Value.ToString("N0", CultureInfo.InvariantCulture) }), "新增行数");
            await ctx.Output.WriteLineAsync($"已复制 {report.Copies} 份，用时 {report.Took.TotalSeconds:0.0} 秒；统计信息更新用时 {optimized.Took.TotalSeconds:0.0} 秒（{optimized.Description}）");
            return 0;
        });
        return data;
    }

    private static Command Reads(Handlers h)
    {
        var runs = new Option<int>("--runs") { Description = "每项读取的次数（先预热一次）", DefaultValueFactory = _ => 20 };
        var reads = new Command("reads", "读取基准：列表、搜索、待办、报告、看板、达标情况，按示范账号（市、县、学校、全省）各测 p50/p95") { runs };
        h.Bind(reads, async ctx =>
        {
            var results = await ListBenchmark.RunAsync(ctx, ctx.Parse.GetValue(runs), ctx.Progress);
            var reference = results[0].P50Ms;
            ctx.WriteTable(["账号", "读取", "匹配行数", "p50 毫秒", "p95 毫秒", "p50 ÷ 参考"], results.Select(r => new[]
            {
                r.User, r.Read, r.Rows.ToString("N0", CultureInfo.InvariantCulture), r.P50Ms.ToString("0.0", CultureInfo.InvariantCulture),
                r.P95Ms.ToString("0.0", CultureInfo.InvariantCulture), (r.P50Ms / reference).ToString("0.0", CultureInfo.InvariantCulture),
            }), "读取基准");
            await ctx.Output.WriteLineAsync($"{Environment.ProcessorCount} 核，每项 {ctx.Parse.GetValue(runs)} 次；参考：同一次运行中按编号读一份协议");
            return 0;
        });
        return reads;
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
