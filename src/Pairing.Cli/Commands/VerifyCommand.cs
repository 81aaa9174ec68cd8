using System.CommandLine;
using Pairing.Application.Documents;

namespace Pairing.Cli.Commands;

public static class VerifyCommand
{
    public static Command Create(Handlers h)
    {
        var file = new Argument<string>("FILE") { Description = "要核验的 PDF" };
        var verify = new Command("verify", "核验 PDF：逐个列出签名（签署人、时间、是否有效、是否覆盖全文），并与系统存档比对；任何一项不通过则以 1 退出")
            { file, CliContext.JsonOption };
        h.Bind(verify, async ctx =>
        {
            var path = ctx.Parse.GetValue(file)!;
            DocumentVerification.Verify(path);   // size, existence and PDF header, each with its own message
            var check = await ctx.App.Documents.CheckAsync(path, await File.ReadAllBytesAsync(path));
            var (report, record, onRecord, recordVerdict) = (check.Report, check.Record, check.OnRecord, check.RecordVerdict);
            if (ctx.Json)
                ctx.WriteJson(new { report.File, report.Bytes, report.Intact, report.Verdict, report.Signatures, OnRecord = onRecord, Record = record, RecordVerdict = recordVerdict });
            else
            {
                ctx.WriteTable(["#", "签署人", "签署时间", "签名", "覆盖全文", "说明"], report.Signatures.Select(s => new[]
                {
                    s.Index.ToString(), s.Signer, s.SignedAt is { } t ? ctx.Local(t.UtcDateTime) : "", s.Valid ? "有效" : "无效",
                    s.CoversWholeDocument ? "是" : "否", s.Problem,
                }), $"签名 {report.Signatures.Count} 个");
                await (report.Intact ? ctx.Output : ctx.Error).WriteLineAsync(report.Verdict);
                await (onRecord ? ctx.Output : ctx.Error).WriteLineAsync(recordVerdict);
            }
            return check.Authentic ? 0 : 1;
        });
        return verify;
    }
}
