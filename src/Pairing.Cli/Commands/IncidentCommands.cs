using System.CommandLine;
using System.Globalization;
using Pairing.Application.Operations;
using Pairing.Workflows.Persistence;

namespace Pairing.Cli.Commands;

public static class IncidentCommands
{
    public static Command Create(Handlers h)
    {
        var incidents = new Command("incidents", "故障：提交后执行失败的效果（如通知），可重试或手工处理");
        var id = new Argument<string>("ID") { Description = "故障编号（前缀即可）" };
        var comment = new Option<string?>("--comment") { Description = "处理说明" };

        var list = new Command("list", "未处理的故障") { AgreementCommands.AsOption, CliContext.JsonOption };
        h.Bind(list, async ctx =>
        {
            var rows = await ctx.Send(new Incidents.List(ctx.Parse.GetValue(AgreementCommands.AsOption)!));
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["编号", "步骤", "效果", "错误", "次数"], rows.Select(i => new[] { i.Id.ToString()[..8], i.Step, i.Effect, i.Error, i.Attempts.ToString(CultureInfo.InvariantCulture) }), $"故障 {rows.Count} 个");
            return 0;
        });

        var retry = new Command("retry", "重试故障的效果") { id, AgreementCommands.AsOption };
        h.Bind(retry, async ctx =>
        {
            var incident = await ctx.Send(new Incidents.Retry(ctx.Parse.GetValue(AgreementCommands.AsOption)!, ctx.Parse.GetValue(id)!));
            await ctx.Output.WriteLineAsync(incident.Status == IncidentStatus.Resolved ? $"重试成功（第 {incident.Attempts} 次）" : $"仍然失败（第 {incident.Attempts} 次）：{incident.Error}");
            return incident.Status == IncidentStatus.Resolved ? 0 : 1;
        });

        var resolve = new Command("resolve", "手工标记为已处理") { id, AgreementCommands.AsOption, comment };
        h.Bind(resolve, async ctx =>
        {
            await ctx.Send(new Incidents.Resolve(ctx.Parse.GetValue(AgreementCommands.AsOption)!, ctx.Parse.GetValue(id)!, ctx.Parse.GetValue(comment) ?? ""));
            await ctx.Output.WriteLineAsync("已标记为已处理");
            return 0;
        });
        incidents.Subcommands.Add(list);
        incidents.Subcommands.Add(retry);
        incidents.Subcommands.Add(resolve);
        return incidents;
    }
}
