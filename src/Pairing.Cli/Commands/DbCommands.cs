using System.CommandLine;
using Pairing.Application.Operations;

namespace Pairing.Cli.Commands;

public static class DbCommands
{
    public static Command Create(Handlers h)
    {
        var db = new Command("db", "数据库");
        var migrate = new Command("migrate", "创建或升级数据库结构");
        h.Bind(migrate, async ctx =>
        {
            var state = await ctx.Send(new MigrateDatabase.Command());
            await ctx.Output.WriteLineAsync($"数据库已就绪：{state.Description}");
            return 0;
        });
        db.Subcommands.Add(migrate);
        db.Subcommands.Add(Backup(h));
        db.Subcommands.Add(Restore(h));
        db.Subcommands.Add(Optimize(h));
        return db;
    }

    private static Command Optimize(Handlers h)
    {
        var optimize = new Command("optimize", "更新查询统计信息（SQLite 运行 ANALYZE，PostgreSQL 运行 ANALYZE），批量导入或恢复后运行一次，列表和统计就能选对索引");
        h.Bind(optimize, async ctx =>
        {
            var report = await ctx.Send(new OptimizeDatabase.Command(Full: true));
            await ctx.Output.WriteLineAsync($"已更新统计信息：{report.Description}，{report.TablesWithStatistics} 张表，用时 {report.Took.TotalSeconds:0.0} 秒");
            return 0;
        });
        return optimize;
    }

    private static Command Backup(Handlers h)
    {
        var file = new Argument<string>("FILE") { Description = "备份文件" };
        var force = new Option<bool>("--force") { Description = "备份文件已存在时覆盖它" };
        var backup = new Command("backup", "在线备份数据库（SQLite 用在线备份接口，应用无需停止；PostgreSQL 调用 pg_dump）。签名密钥目录不在备份中，请另行备份") { file, force };
        h.Bind(backup, async ctx =>
        {
            var report = await ctx.Send(new BackupDatabase.Command(ctx.Parse.GetValue(file)!, ctx.Parse.GetValue(force)));
            await ctx.Output.WriteLineAsync($"已备份到 {report.File}（{report.Method}，{report.Bytes:N0} 字节{(report.LastMigration is { } m ? $"，最新迁移 {m}" : "")}）");
            await ctx.Output.WriteLineAsync($"提示：日志密钥和签名证书在 {report.KeyFolder}，不在备份文件中；请把这个目录另行妥善备份，恢复后校验日志需要它。");
            return 0;
        });
        return backup;
    }

    private static Command Restore(Handlers h)
    {
        var file = new Argument<string>("FILE") { Description = "pairing db backup 生成的备份文件" };
        var force = new Option<bool>("--force") { Description = "确认用备份覆盖已有数据的数据库（覆盖前会另存一份现有数据）" };
        var restore = new Command("restore", "从备份恢复 SQLite 数据库（先校验备份是完好的 Pairing 数据库；PostgreSQL 请用 pg_restore，本命令会给出步骤）") { file, force };
        h.Bind(restore, async ctx =>
        {
            var report = await ctx.Send(new RestoreDatabase.Command(ctx.Parse.GetValue(file)!, ctx.Parse.GetValue(force)));
            if (report.Replaced is { } replaced) await ctx.Output.WriteLineAsync($"原有数据已另存为 {replaced}");
            await ctx.Output.WriteLineAsync($"已恢复到 {report.Database}（{report.Bytes:N0} 字节，最新迁移 {report.LastMigration}）");
            if (report.PendingMigrations > 0)
                await ctx.Output.WriteLineAsync($"备份来自较早的版本：还有 {report.PendingMigrations} 个迁移未应用，请运行 pairing db migrate（启动网站时也会自动升级）。");
            await ctx.Output.WriteLineAsync($"提示：校验日志（pairing audit verify）需要原来的日志密钥：请把备份时的密钥目录放到 {report.KeyFolder}，或设置 PAIRING_PKI / PAIRING_JOURNAL_KEY。");
            return 0;
        });
        return restore;
    }
}
