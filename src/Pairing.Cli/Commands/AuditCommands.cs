using System.CommandLine;
using Pairing.Application.Audit;

namespace Pairing.Cli.Commands;

public static class AuditCommands
{
    public static Command Create(Handlers h)
    {
        var audit = new Command("audit", "审计");
        var verify = new Command("verify", "在同一快照中校验流程日志：哈希链、密钥封印、子流程和检查点；发现篡改时以 1 退出") { CliContext.JsonOption };
        h.Bind(verify, async ctx =>
        {
            var progress = new Progress<int>(n => { if (n % 500 == 0) ctx.Error.WriteLine($"… 已校验 {n} 个实例"); });
            var report = await ctx.Send(new VerifyJournal.Query(progress));
            if (ctx.Json) ctx.WriteJson(report);
            else
            {
                foreach (var p in report.Problems)
                    await ctx.Error.WriteLineAsync(p.InstanceId == Guid.Empty ? $"检查点：{p.Message}" : $"实例 {p.InstanceId} 第 {p.Seq} 条：{p.Message}");
                var checkpoint = report.LatestCheckpointAt is { } at
                    ? $"，最新检查点第 {report.LatestCheckpoint} 号（{ctx.Local(at)}）" : "，尚无检查点";
                await ctx.Output.WriteLineAsync(report.Intact
                    ? $"日志完整：{report.Instances} 个实例，{report.Entries} 条记录，哈希链与密钥封印全部吻合{checkpoint}"
                    : $"日志被篡改：发现 {report.Problems.Count} 处问题（{report.Instances} 个实例，{report.Entries} 条记录{checkpoint}）");
            }
            return report.Intact ? 0 : 1;
        });
        var checkpoint = new Command("checkpoint", "记录一个带密钥封印的日志检查点（实例总数、记录总数、实例集合摘要）");
        h.Bind(checkpoint, async ctx =>
        {
            var c = await ctx.Send(new TakeCheckpoint.Command());
            await ctx.Output.WriteLineAsync($"第 {c.Seq} 号检查点：{c.Instances} 个实例，{c.Entries} 条记录");
            return 0;
        });
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(checkpoint);
        return audit;
    }
}
