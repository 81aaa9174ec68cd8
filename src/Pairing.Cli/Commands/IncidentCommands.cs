using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Accounts;
using Pairing.Domain.Accounts;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

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
            await AdminAsync(ctx);
            await using var db = ctx.App.Db();
            var rows = await db.Incidents.AsNoTracking().Where(i => i.Status == IncidentStatus.Open).OrderBy(i => i.CreatedAt).ToListAsync();
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["编号", "步骤", "效果", "错误", "次数"], rows.Select(i => new[] { i.Id.ToString()[..8], i.Step, i.Effect, i.Error, i.Attempts.ToString(CultureInfo.InvariantCulture) }), $"故障 {rows.Count} 个");
            return 0;
        });

        var retry = new Command("retry", "重试故障的效果") { id, AgreementCommands.AsOption };
        h.Bind(retry, async ctx =>
        {
            var actor = await AdminAsync(ctx);
            var incident = await ctx.App.Incidents.RetryAsync(await ResolveIdAsync(ctx, ctx.Parse.GetValue(id)!), actor);
            await ctx.Output.WriteLineAsync(incident.Status == IncidentStatus.Resolved ? $"重试成功（第 {incident.Attempts} 次）" : $"仍然失败（第 {incident.Attempts} 次）：{incident.Error}");
            return incident.Status == IncidentStatus.Resolved ? 0 : 1;
        });

        var resolve = new Command("resolve", "手工标记为已处理") { id, AgreementCommands.AsOption, comment };
        h.Bind(resolve, async ctx =>
        {
            var actor = await AdminAsync(ctx);
            await ctx.App.Incidents.ResolveAsync(await ResolveIdAsync(ctx, ctx.Parse.GetValue(id)!), actor, ctx.Parse.GetValue(comment) ?? "");
            await ctx.Output.WriteLineAsync("已标记为已处理");
            return 0;
        });
        incidents.Subcommands.Add(list);
        incidents.Subcommands.Add(retry);
        incidents.Subcommands.Add(resolve);
        return incidents;
    }

    /// <summary>Incidents are operations work: administrators and bureau staff only.</summary>
    private static async Task<Workflows.Plugins.Actor> AdminAsync(CliContext ctx)
    {
        await using var db = ctx.App.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, ctx.Parse.GetValue(AgreementCommands.AsOption)!);
        if (account.Role == AccountRole.Staff)
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "只有管理员和教育局可以处理故障", "as");
        return actor;
    }

    private static async Task<Guid> ResolveIdAsync(CliContext ctx, string prefix)
    {
        await using var db = ctx.App.Db();
        var ids = (await db.Incidents.AsNoTracking().Select(i => i.Id).ToListAsync())
            .Where(i => i.ToString().StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return ids.Count == 1 ? ids[0] : throw new WorkflowException(WorkflowErrorKind.NotFound,
            ids.Count == 0 ? $"没有故障 {prefix}" : $"编号 {prefix} 对应多个故障，请写得更长", "ID");
    }
}
