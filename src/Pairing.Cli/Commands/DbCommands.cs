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
        return db;
    }
}
