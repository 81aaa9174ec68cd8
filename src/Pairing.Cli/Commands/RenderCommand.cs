using System.CommandLine;
using Pairing.Application.Documents;

namespace Pairing.Cli.Commands;

/// <summary>`pairing render`: the agreement's document (the signed PDF on record, or a draft preview), its Word export,
/// or a report or evaluation of one of its cycles.</summary>
public static class RenderCommand
{
    public static Command Create(Handlers h)
    {
        var number = new Argument<string>("AGREEMENT") { Description = "协议编号" };
        var output = new Option<string>("-o", "--output") { Description = "输出文件", Required = true };
        var format = new Option<string>("--format") { Description = "pdf（默认）或 docx", DefaultValueFactory = _ => "pdf" };
        var revision = new Option<int?>("--revision") { Description = "第几版（默认最新）" };
        var cycle = new Option<string?>("--cycle") { Description = "报告或评估周期（如 2024-2025-1、2024-2025）" };
        var render = new Command("render", "输出协议文件（已签署的 PDF 或草稿预览）、Word 文档，或某一周期的报告/评估")
            { number, AgreementCommands.AsOption, output, format, revision, cycle };
        h.Bind(render, async ctx =>
        {
            var p = ctx.Parse;
            var file = p.GetValue(cycle) is { } key
                ? await ctx.Send(new RenderCycleDocument.Query(p.GetValue(AgreementCommands.AsOption)!, p.GetValue(number)!, key, p.GetValue(format)!))
                : await ctx.Send(new ExportAgreementDocument.Query(p.GetValue(AgreementCommands.AsOption)!, p.GetValue(number)!, p.GetValue(format)!, p.GetValue(revision)));
            var path = p.GetValue(output)!;
            await File.WriteAllBytesAsync(path, file.Bytes);
            await ctx.Output.WriteLineAsync($"已输出 {path}（{file.FileName}，{file.Bytes.Length / 1024} KB）");
            return 0;
        });
        return render;
    }
}
