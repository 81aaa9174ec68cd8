using System.CommandLine;
using System.Globalization;
using Pairing.Application.Catalog;
using Pairing.Application.Operations;

namespace Pairing.Cli.Commands;

public static class WorkflowCommands
{
    public static Command Create(Handlers h)
    {
        var workflows = new Command("workflows", "流程定义");
        var paths = new Argument<string[]>("PATH") { Description = "定义文件或目录，默认 workflows/", Arity = ArgumentArity.ZeroOrMore };

        var validate = new Command("validate", "校验流程定义；有错误时逐条列出（文件: JSON 路径: 问题）并以 1 退出") { paths };
        h.Bind(validate, async ctx =>
        {
            var load = await ctx.Send(new ValidateDefinitions.Query(PathsOf(ctx.Parse.GetValue(paths))));
            foreach (var e in load.Errors) await ctx.Error.WriteLineAsync(e.ToString());
            if (!load.Ok)
            {
                await ctx.Error.WriteLineAsync($"{load.Errors.Count} 处错误");
                return 1;
            }
            foreach (var e in load.Entries)
                await ctx.Output.WriteLineAsync($"通过  {e.Definition.Id} v{e.Definition.Version}  {e.Definition.Title}（{e.Definition.States.Count} 个状态）");
            return 0;
        });

        var publish = new Command("publish", "发布新版本；已发布版本不可修改，运行中的实例保持原版本") { paths };
        h.Bind(publish, async ctx =>
        {
            await ctx.Send(new MigrateDatabase.Command());
            foreach (var (id, version, outcome) in await ctx.Send(new PublishDefinitions.Command(PathsOf(ctx.Parse.GetValue(paths)))))
                await ctx.Output.WriteLineAsync($"{(outcome == Workflows.Runtime.PublishOutcome.Published ? "已发布" : "未变化")}  {id} v{version}");
            return 0;
        });

        var list = new Command("list", "已发布的流程定义及其版本") { CliContext.JsonOption };
        h.Bind(list, async ctx =>
        {
            var rows = (await ctx.Send(new ListDefinitions.Query()))
                .Select(d => new { DefinitionId = d.Id, d.Version, d.Title, Hash = d.Hash[..12], d.PublishedAt, d.Instances }).ToList();
            if (ctx.Json) { ctx.WriteJson(rows); return 0; }
            ctx.WriteTable(["定义", "版本", "名称", "哈希", "发布时间", "实例数"], rows.Select(r => new[]
            {
                r.DefinitionId, r.Version.ToString(CultureInfo.InvariantCulture), r.Title, r.Hash, ctx.Local(r.PublishedAt), r.Instances.ToString(CultureInfo.InvariantCulture),
            }));
            return 0;
        });

        workflows.Subcommands.Add(validate);
        workflows.Subcommands.Add(publish);
        workflows.Subcommands.Add(list);
        return workflows;
    }

    private static string[] PathsOf(string[]? given) => given is { Length: > 0 } ? given : [WorkflowCatalog.DefaultFolder()];
}
