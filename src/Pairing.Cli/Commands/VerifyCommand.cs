using System.CommandLine;
using System.Globalization;
using Pairing.Application.Documents;
using Pairing.Application.Operations;

namespace Pairing.Cli.Commands;

public static class VerifyCommand
{
    public static Command Create(Handlers h)
    {
        var file = new Argument<string>("FILE") { Description = "要核验的 PDF（协议或签署证书）" };
        var verify = new Command("verify", "核验 PDF：签名是否有效、证书是否可信、签署方与顺序是否与存档一致、是否为最终版本。" +
                                           "退出码：0 真实有效且为最终版本，2 签名有效但不是最终版本，1 无效")
            { file, CliContext.JsonOption };
        h.Bind(verify, async ctx =>
        {
            var path = ctx.Parse.GetValue(file)!;
            var bytes = DocumentVerification.ReadPdf(path);
            await ctx.Send(new MigrateDatabase.Command());
            var result = await ctx.Send(new VerifyDocument.Query(bytes));
            if (ctx.Json) ctx.WriteJson(result);
            else
            {
                ctx.WriteTable(["#", "签署人", "签署方", "签署时间", "签名", "证书可信", "覆盖全文", "说明"], result.Signatures.Select(s => new[]
                {
                    s.Index.ToString(CultureInfo.InvariantCulture), s.Signer, s.Party, s.SignedAt is { } t ? ctx.Local(t.UtcDateTime) : "", s.Valid ? "有效" : "无效",
                    s.Trusted ? "是" : "否", s.CoversWholeDocument ? "是" : "否", s.Problem,
                }), $"签名 {result.Signatures.Count} 个");
                var writer = result.Kind == VerdictKind.Final ? ctx.Output : ctx.Error;
                await writer.WriteLineAsync(result.Verdict);
                await writer.WriteLineAsync(result.Reason);
            }
            return result.Kind switch { VerdictKind.Final => 0, VerdictKind.Incomplete => 2, _ => 1 };
        });
        return verify;
    }
}
