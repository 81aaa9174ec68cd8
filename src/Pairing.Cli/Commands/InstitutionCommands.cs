using System.CommandLine;
using Pairing.Application.Operations;
using Pairing.Application.Registry;
using Pairing.Domain.Registry;

namespace Pairing.Cli.Commands;

public static class InstitutionCommands
{
    public static Command Create(Handlers h)
    {
        var institutions = new Command("institutions", "机构名录");

        var file = new Argument<string>("FILE") { Description = "CSV 或 XLSX，列：代码、名称、城市、县区、学段、标签" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只检查，不保存" };
        var asUser = new Option<string?>("--as") { Description = "以哪个账号导入（市教育局、管理员只能导入本市机构）；省略时以运维身份导入全部" };
        var import = new Command("import", "从教育局的 CSV 或 Excel 名录导入机构；任何一行有错则全部不导入") { file, dryRun, asUser };
        h.Bind(import, async ctx =>
        {
            await ctx.Send(new MigrateDatabase.Command());
            var report = await ctx.Send(new ImportInstitutions.Command(ctx.Parse.GetValue(file)!, ctx.Parse.GetValue(asUser), ctx.Parse.GetValue(dryRun)));
            if (report.Notice is { } notice) await ctx.Error.WriteLineAsync(notice);
            if (report.Errors.Count > 0)
            {
                foreach (var e in report.Errors) await ctx.Error.WriteLineAsync(e.ToString());
                await ctx.Error.WriteLineAsync($"共 {report.Errors.Count} 处错误，未导入任何数据");
                return 1;
            }
            await ctx.Output.WriteLineAsync(report.Committed
                ? $"已导入 {report.Rows} 行：新增 {report.Created}，更新 {report.Updated}"
                : $"检查通过 {report.Rows} 行（新增 {report.Created}，更新 {report.Updated}），未保存");
            return 0;
        });

        var city = new Option<string?>("--city") { Description = "城市代码" };
        var county = new Option<string?>("--county") { Description = "县（市、区）代码" };
        var tag = new Option<string?>("--tag") { Description = "标签，如 county-high-school" };
        var list = new Command("list", "列出机构") { city, county, tag, CliContext.JsonOption };
        h.Bind(list, async ctx =>
        {
            // The operator's view: every city unless --city narrows it.
            var registry = await ctx.Send(new ListInstitutions.Query(null, ctx.Parse.GetValue(city), ctx.Parse.GetValue(county), ctx.Parse.GetValue(tag)));
            var rows = registry.Institutions;
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["代码", "名称", "城市", "县区", "学段", "标签", "来源"], rows.Select(i => new[]
            {
                i.Code, i.Name, i.CityCode, i.CountyCode, string.Join("、", i.Stages.Select(Stage.Title)),
                string.Join("、", i.Tags.Select(registry.Tags.Title)), i.Source == "plan" ? "行动方案" : i.Source == "import" ? "导入" : "示例",
            }), $"机构 {rows.Count} 所");
            return 0;
        });

        institutions.Subcommands.Add(import);
        institutions.Subcommands.Add(list);
        return institutions;
    }
}
