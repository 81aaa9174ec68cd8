using System.CommandLine;
using Pairing.Application.Errors;
using Pairing.Cli.Commands;

namespace Pairing.Cli;

/// <summary>The `pairing` command. Errors go to stderr with exit code 1 and name the field at fault.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? clock = null)
    {
        var root = new RootCommand("Pairing —— 结对帮扶协议的起草、审批、签署、报告与评估");
        root.Options.Add(CliContext.DbOption);
        root.Options.Add(CliContext.NowOption);
        var handlers = new Handlers(output, error, clock);
        foreach (var command in new[]
                 {
                     DemoCommands.Demo(handlers), DbCommands.Create(handlers), DemoCommands.Seed(handlers),
                     InstitutionCommands.Create(handlers), WorkflowCommands.Create(handlers), AgreementCommands.Create(handlers),
                     AgreementCommands.Act(handlers), TaskCommands.Tasks(handlers), TaskCommands.Notifications(handlers),
                     TimerCommands.Create(handlers), IncidentCommands.Create(handlers), ComplianceCommands.Create(handlers), IndicatorCommands.Create(handlers), BudgetCommands.Create(handlers),
                     AuditCommands.Create(handlers), VerifyCommand.Create(handlers), RenderCommand.Create(handlers), BenchCommand.Create(handlers),
                 })
            root.Subcommands.Add(command);
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}

/// <summary>Wraps each command's work: builds its context and turns the application's error (and bad options) into one
/// clear line on stderr with exit code 1 — the command line's one error mapping.</summary>
public sealed class Handlers(TextWriter output, TextWriter error, TimeProvider? clock)
{
    public void Bind(Command command, Func<CliContext, Task<int>> work) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var context = new CliContext(parse, output, error, clock);
                return await work(context);
            }
            catch (PairingException ex)
            {
                var detail = string.Join("，", new[] { ex.Field is null ? null : $"字段：{ex.Field}", ex.Rule is null ? null : $"规则：{ex.Rule}" }.OfType<string>());
                await error.WriteLineAsync($"错误：{ex.Message}{(detail == "" ? "" : $"（{detail}）")}");
                return 1;
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"错误：{ex.Message}");
                return 1;
            }
            catch (System.Text.Json.JsonException ex)
            {
                await error.WriteLineAsync($"错误：JSON 无效（{ex.Path ?? "$"}，第 {ex.LineNumber + 1} 行）：{ex.Message}");
                return 1;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Database unreachable, file unreadable and the like: one line for the user, the trace on request.
                await error.WriteLineAsync($"错误：{ex.GetBaseException().Message}");
                if (Environment.GetEnvironmentVariable("PAIRING_DEBUG") == "1") await error.WriteLineAsync(ex.ToString());
                return 1;
            }
        });
}
