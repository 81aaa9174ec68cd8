using System.CommandLine;

namespace Pairing.Cli.Commands;

public static class DbCommands
{
    public static Command Create(Handlers h)
    {
        var db = new Command("db", "数据库");
        var migrate = new Command("migrate", "创建或升级数据库结构");
        h.Bind(migrate, async ctx =>
        {
            await ctx.App.Database.MigrateAsync();
            await ctx.Output.WriteLineAsync($"数据库已就绪：{ctx.App.Database.Describe()}");
            return 0;
        });
        db.Subcommands.Add(migrate);
        return db;
    }
}
