using System.CommandLine;
using System.Globalization;
using Pairing.Application.Funding;

namespace Pairing.Cli.Commands;

public static class BudgetCommands
{
    public static Command Create(Handlers h)
    {
        var budgets = new Command("budgets", "县级预算（劳动教育结对共建资金纳入县级财政预算）");
        var county = new Option<string?>("--county") { Description = "县（市、区）代码；县级教育局可省略" };
        var program = new Option<string>("--program") { Description = "项目，如 labour-education", Required = true };
        var year = new Option<int>("--year") { Description = "预算年度", Required = true };
        var line = new Option<string>("--line") { Description = "预算科目（项目定义中的清单之一，如“2050299 其他普通教育支出”）", Required = true };
        var amount = new Option<decimal>("--amount") { Description = "金额（元）", Required = true };
        var document = new Option<string>("--document") { Description = "预算文件文号", Required = true };
        var add = new Command("add", "登记一条县级预算") { AgreementCommands.AsOption, county, program, year, line, amount, document, CliContext.JsonOption };
        h.Bind(add, async ctx =>
        {
            var p = ctx.Parse;
            var b = await ctx.Send(new CountyBudgets.Record(p.GetValue(AgreementCommands.AsOption)!, p.GetValue(county), p.GetValue(program)!, p.GetValue(year),
                p.GetValue(line)!, p.GetValue(amount), p.GetValue(document)!));
            if (ctx.Json) ctx.WriteJson(b);
            else await ctx.Output.WriteLineAsync($"已登记 {b.Id}：{b.CountyName} {b.Year} 年度 {b.Line} {b.Amount:0.##} 元（{b.Document}）");
            return 0;
        });
        var listProgram = new Option<string?>("--program") { Description = "项目" };
        var list = new Command("list", "本市县级预算及已被协议占用的金额") { AgreementCommands.AsOption, listProgram, CliContext.JsonOption };
        h.Bind(list, async ctx =>
        {
            var rows = await ctx.Send(new CountyBudgets.List(ctx.Parse.GetValue(AgreementCommands.AsOption)!, ctx.Parse.GetValue(listProgram)));
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["编号", "县（市、区）", "年度", "科目", "文号", "金额", "已用", "协议"], rows.Select(b => new[]
            {
                b.Id.ToString(), b.CountyName, b.Year.ToString(CultureInfo.InvariantCulture), b.Line, b.Document,
                b.Amount.ToString("0.##", CultureInfo.InvariantCulture), b.Committed.ToString("0.##", CultureInfo.InvariantCulture), string.Join("、", b.Agreements),
            }), $"县级预算 {rows.Count} 条");
            return 0;
        });
        budgets.Subcommands.Add(add);
        budgets.Subcommands.Add(list);
        return budgets;
    }
}
