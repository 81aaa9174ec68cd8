using System.CommandLine;
using Pairing.Application.Agreements;

namespace Pairing.Cli.Commands;

public static class TaskCommands
{
    public static Command Tasks(Handlers h)
    {
        var tasks = new Command("tasks", "待办：您可以处理的事项，未逾期的（截止早的在前）在前，已逾期的在后") { AgreementCommands.AsOption, CliContext.JsonOption };
        h.Bind(tasks, async ctx =>
        {
            var rows = await ctx.Send(new ListTasks.Query(ctx.Parse.GetValue(AgreementCommands.AsOption)!));
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["协议", "名称", "周期", "待办", "截止", ""], rows.Select(t => new[]
            {
                t.Number, t.AgreementTitle, t.Cycle, t.Title, ctx.Deadline(t.DueAt), t.Overdue ? "已逾期" : "",
            }), $"待办 {rows.Count} 项");
            return 0;
        });
        return tasks;
    }

    public static Command Notifications(Handlers h)
    {
        var notes = new Command("notifications", "通知（审批、退回、签署、生效、截止提醒、逾期、报告审核），标明未读") { AgreementCommands.AsOption, CliContext.JsonOption };
        h.Bind(notes, async ctx =>
        {
            var rows = await ctx.Send(new ListNotifications.Query(ctx.Parse.GetValue(AgreementCommands.AsOption)!));
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["时间", "", "内容"], rows.Select(n => new[] { ctx.Local(n.At), n.Unread ? "未读" : "", n.Text }),
                $"通知 {rows.Count} 条，未读 {rows.Count(n => n.Unread)} 条");
            return 0;
        });
        return notes;
    }
}
