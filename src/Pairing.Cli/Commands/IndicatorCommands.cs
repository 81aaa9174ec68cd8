using System.CommandLine;
using System.Globalization;
using Pairing.Application.Indicators;

namespace Pairing.Cli.Commands;

public static class IndicatorCommands
{
    public static Command Create(Handlers h)
    {
        var city = new Option<string>("--city") { Description = "城市代码", Required = true };
        var program = new Option<string?>("--program") { Description = "项目" };
        var county = new Option<string?>("--county") { Description = "县（市、区）代码" };
        var from = new Option<string?>("--from") { Description = "报告期开始不早于 yyyy-MM-dd" };
        var to = new Option<string?>("--to") { Description = "报告期开始不晚于 yyyy-MM-dd" };
        var pending = new Option<bool>("--pending") { Description = "同时计入尚未审核通过的报告" };
        var indicators = new Command("indicators", "报告与评估指标汇总：按协议、县（市、区）和全市求和、求平均（默认只计审核通过的报告）")
            { city, program, county, from, to, pending, CliContext.JsonOption };
        h.Bind(indicators, async ctx =>
        {
            var p = ctx.Parse;
            var report = await ctx.Send(new SummarizeIndicators.Query(null, p.GetValue(city), p.GetValue(program),
                AgreementOptions.Date(p, from), AgreementOptions.Date(p, to), p.GetValue(county), p.GetValue(pending)));
            if (ctx.Json) { ctx.WriteJson(report); return 0; }
            if (report.Indicators.Count == 0) { await ctx.Output.WriteLineAsync("所选范围内没有指标数据"); return 0; }
            static string N(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
            foreach (var i in report.Indicators)
                ctx.WriteTable(["范围", "名称", "合计", "平均", "报告数"],
                    new[] { i.City }.Concat(i.Counties).Concat(i.Agreements).Select(f => new[] { f.Key, f.Label, N(f.Sum), N(f.Average), f.Values.ToString(CultureInfo.InvariantCulture) }),
                    $"{i.ProgramTitle} · {i.Title}{(i.Unit is null ? "" : $"（{i.Unit}）")}");
            return 0;
        });
        return indicators;
    }
}
