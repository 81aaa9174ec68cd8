using System.CommandLine;
using Pairing.Application.Documents;

namespace Pairing.Cli.Commands;

public static class VerifyCommand
{
    public static Command Create(Handlers h)
    {
        var file = new Argument<string>("FILE") { Description = "要核验的 PDF" };
        var verify = new Command("verify", "核验 PDF 的数字签名：逐个列出签署人、时间、是否有效、是否覆盖全文；任何一项不通过则以 1 退出") { file, CliContext.JsonOption };
        h.Bind(verify, async ctx =>
        {
            var report = DocumentVerification.Verify(ctx.Parse.GetValue(file)!);
            if (ctx.Json) ctx.WriteJson(new { report.File, report.Bytes, report.Intact, report.Verdict, report.Signatures });
            else
            {
                ctx.WriteTable(["#", "签署人", "签署时间", "签名", "覆盖全文", "说明"], report.Signatures.Select(s => new[]
                {
                    s.Index.ToString(), s.Signer, s.SignedAt is { } t ? ctx.Local(t.UtcDateTime) : "", s.Valid ? "有效" : "无效",
                    s.CoversWholeDocument ? "是" : "否", s.Problem,
                }), $"签名 {report.Signatures.Count} 个");
                await (report.Intact ? ctx.Output : ctx.Error).WriteLineAsync(report.Verdict);
            }
            return report.Intact ? 0 : 1;
        });
        return verify;
    }
}
