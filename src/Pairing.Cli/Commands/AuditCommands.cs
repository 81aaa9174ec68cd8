using System.CommandLine;
using Pairing.Workflows.Journal;

namespace Pairing.Cli.Commands;

public static class AuditCommands
{
    public static Command Create(Handlers h)
    {
        var audit = new Command("audit", "审计");
        var verify = new Command("verify", "校验流程日志的哈希链：发现被修改或删除的记录时以 1 退出") { CliContext.JsonOption };
        h.Bind(verify, async ctx =>
        {
            await using var db = ctx.App.Db();
            var progress = new Progress<int>(n => { if (n % 500 == 0) ctx.Error.WriteLine($"… 已校验 {n} 个实例"); });
            var report = await JournalVerifier.VerifyAsync(db, progress);
            if (ctx.Json) ctx.WriteJson(report);
            else
            {
                foreach (var p in report.Problems) await ctx.Error.WriteLineAsync($"实例 {p.InstanceId} 第 {p.Seq} 条：{p.Message}");
                await ctx.Output.WriteLineAsync(report.Intact
                    ? $"日志完整：{report.Instances} 个实例，{report.Entries} 条记录，哈希链全部吻合"
                    : $"日志被篡改：发现 {report.Problems.Count} 处问题（{report.Instances} 个实例，{report.Entries} 条记录）");
            }
            return report.Intact ? 0 : 1;
        });
        audit.Subcommands.Add(verify);
        return audit;
    }
}
