using System.CommandLine;
using Pairing.Application.Compliance;

namespace Pairing.Cli.Commands;

public static class ComplianceCommands
{
    private static readonly Option<string?> City = new("--city") { Description = "城市代码；省略时所有城市" };
    private static readonly Option<string?> AsOf = new("--as-of") { Description = "统计日期 yyyy-MM-dd：按当日履行中的协议计算（已签署、在期限内、未提前结束），默认今天" };

    public static Command Create(Handlers h)
    {
        var compliance = new Command("compliance", "各项目目标与履行中协议的对照（达标情况）") { City, AsOf, CliContext.JsonOption };
        h.Bind(compliance, async ctx =>
        {
            await PrintAsync(ctx, ctx.Parse.GetValue(City), AgreementOptions.Date(ctx.Parse, AsOf));
            return 0;
        });
        return compliance;
    }

    public static async Task PrintAsync(CliContext ctx, string? city, DateOnly? asOf = null)
    {
        var cities = await ctx.Send(new ComputeCompliance.Query(null, city, asOf));
        if (ctx.Json) { ctx.WriteJson(cities); return; }
        foreach (var c in cities)
        {
            ctx.WriteTable(["项目", "指标", "完成/目标", "达标"], c.Programs.Select(p => new[]
            {
                p.Title, p.Measure, $"{p.Actual}/{p.Target}", p.Met ? "达标" : "未达标",
            }), $"{c.CityName}达标情况（{c.AsOf:yyyy-MM-dd}）");
            foreach (var p in c.Programs.Where(p => p.Details.Count > 0))
                ctx.WriteTable(["代码", "机构", "情况", "达标"], p.Details.Select(d => new[] { d.Code, d.Name, d.Note, d.Met ? "是" : "否" }), $"{c.CityName} · {p.Title}");
        }
    }
}
