using System.CommandLine;
using Pairing.Application.Audit;
using Pairing.Application.Catalog;
using Pairing.Application.Operations;
using Pairing.Application.Seeding;

namespace Pairing.Cli.Commands;

public static class DemoCommands
{
    private static readonly Option<string?> CityOption = new("--city") { Description = "qingyuan 或 jieyang；省略时两市都导入" };

    public static Command Seed(Handlers h)
    {
        var seed = new Command("seed", "导入示范数据（城市、县区、教育局、学校、账号），并按真实流程推进示范协议") { CityOption };
        h.Bind(seed, async ctx =>
        {
            await PrepareAsync(ctx);
            // Run again after an interruption, it finishes what the interrupted run began.
            foreach (var r in await ctx.Send(new SeedDemo.Command([.. Cities(ctx.Parse.GetValue(CityOption))], ctx.Progress)))
                await ctx.Output.WriteLineAsync($"{r.Name}：{r.Counties} 个县（市、区），{r.Institutions} 所机构，{r.Accounts} 个账号，{r.Agreements} 份示范协议" +
                    $"（本次起草 {r.Drafted} 份，执行 {r.Actions} 个流程动作）");
            await ctx.Send(new TakeCheckpoint.Command());
            return 0;
        });
        return seed;
    }

    /// <summary>The zero-set-up entry point of the README: a SQLite file with both cities' demo data.</summary>
    public static Command Demo(Handlers h)
    {
        var demo = new Command("demo", "一键演示：建库、发布流程、导入两市示范数据，并显示清远市达标情况");
        h.Bind(demo, async ctx =>
        {
            var database = await PrepareAsync(ctx);
            await ctx.Send(new SeedDemo.Command(Seeder.Cities, ctx.Progress));
            await ctx.Send(new RunTimers.Command("demo"));
            await ctx.Send(new TakeCheckpoint.Command());
            await ComplianceCommands.PrintAsync(ctx, "qingyuan");
            await ctx.Output.WriteLineAsync($"""

                数据库：{database.Description}
                试一试：
                  pairing agreements list --as qy.city
                  pairing tasks --as qy.qingcheng
                  pairing agreements show 441800-TG-2024-001 --as qy.g01
                  pairing compliance --city jieyang
                """);
            return 0;
        });
        return demo;
    }

    internal static async Task<DatabaseState> PrepareAsync(CliContext ctx)
    {
        if (ctx.Documents.PublicUrlIsLocal)
            await ctx.Error.WriteLineAsync($"提示：公开核验地址是 {ctx.Documents.PublicUrl}，只能在本机打开；正式使用前请设置 PAIRING_PUBLIC_URL。");
        var state = await ctx.Send(new MigrateDatabase.Command());
        await ctx.Send(new PublishDefinitions.Command([WorkflowCatalog.DefaultFolder()]));
        return state;
    }

    private static IEnumerable<string> Cities(string? city) =>
        city is null ? Seeder.Cities
        : Seeder.Cities.Contains(city) ? [city]
        : throw new ArgumentException($"--city：未知城市 {city}（可选：{string.Join("、", Seeder.Cities)}）");
}
