using System.CommandLine;
using Pairing.Application.Agreements;

namespace Pairing.Cli.Commands;

public static class TaskCommands
{
    public static Command Tasks(Handlers h)
    {
        var tasks = new Command("tasks", "待办：您可以处理的事项，逾期的在前") { AgreementCommands.AsOption, CliContext.JsonOption };
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
        var notes = new Command("notifications", "提醒与通知（截止提醒、逾期、退回）") { AgreementCommands.AsOption, CliContext.JsonOption };
        h.Bind(notes, async ctx =>
        {
            var rows = await ctx.Send(new ListNotifications.Query(ctx.Parse.GetValue(AgreementCommands.AsOption)!));
            if (ctx.Json) { ctx.WriteJson(rows.Select(n => new { n.At, n.Text, n.Scope })); return 0; }
            ctx.WriteTable(["时间", "内容"], rows.Select(n => new[] { ctx.Local(n.At), n.Text }), $"通知 {rows.Count} 条");
            return 0;
        });
        return notes;
    }
}
