using System.CommandLine;
using Pairing.Application.Notifications;
using Pairing.Application.Operations;

namespace Pairing.Cli.Commands;

public static class TimerCommands
{
    public static Command Create(Handlers h)
    {
        var timers = new Command("timers", "定时器（开启报告、截止提醒、逾期）");
        var worker = new Option<string?>("--worker") { Description = "工作进程名，默认主机名+进程号" };
        var run = new Command("run", "触发所有已到期的定时器，补做未完成的提交后效果，并发送待发邮件（可多个进程同时运行；每个定时器只触发一次）") { worker };
        h.Bind(run, async ctx =>
        {
            var name = ctx.Parse.GetValue(worker) ?? $"{Environment.MachineName}:{Environment.ProcessId}";
            var progress = new Progress<int>(n => { if (n % 100 == 0) ctx.Error.WriteLine($"… 已处理 {n} 个定时器"); });
            var report = await ctx.Send(new RunTimers.Command(name, progress));
            foreach (var e in report.Errors) await ctx.Error.WriteLineAsync($"定时器出错：{e}");
            await ctx.Output.WriteLineAsync($"截至 {ctx.Local(ctx.UtcNow)}（北京时间）：领取 {report.Claimed} 个，触发 {report.Fired} 个，跳过 {report.Skipped} 个");
            if (report.Effects.Delivered + report.Effects.Retrying + report.Effects.Failed > 0)
                await ctx.Output.WriteLineAsync($"提交后效果：完成 {report.Effects.Delivered} 个，待重试 {report.Effects.Retrying} 个，转为故障 {report.Effects.Failed} 个");
            // Without a web process the command line is the only one to send the e-mail outbox.
            int sent = 0, retrying = 0, failed = 0;
            for (var batch = new DeliverEmails.Command(); ;)
            {
                var mail = await ctx.Send(batch);
                (sent, retrying, failed) = (sent + mail.Sent, retrying + mail.Retrying, failed + mail.Failed);
                if (mail.Sent + mail.Retrying + mail.Failed < batch.Max) break;
            }
            if (sent + retrying + failed > 0)
                await ctx.Output.WriteLineAsync($"邮件：发出 {sent} 封，待重试 {retrying} 封，放弃 {failed} 封");
            return report.Errors.Count == 0 ? 0 : 1;
        });

        var list = new Command("list", "待触发的定时器") { CliContext.JsonOption };
        h.Bind(list, async ctx =>
        {
            var rows = await ctx.Send(new ListTimers.Query());
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["到期（北京时间）", "定时器", "状态", "实例"], rows.Select(t => new[]
            {
                ctx.Local(t.DueAt), t.TimerId, t.State, t.InstanceId.ToString()[..8],
            }), "待触发的定时器（最多 200 个）");
            return 0;
        });
        timers.Subcommands.Add(run);
        timers.Subcommands.Add(list);
        return timers;
    }
}
