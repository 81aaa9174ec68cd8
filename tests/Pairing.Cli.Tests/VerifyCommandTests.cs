using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Testing;

namespace Pairing.Cli.Tests;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-verify-{Guid.NewGuid():N}.pdf");

    public void Dispose()
    {
        _cli.Dispose();
        File.Delete(_file);
    }

    private static byte[] SignedAgreement()
    {
        var pdf = new PdfComposer(Path.Combine(RepoPaths.Root, "templates", "fonts")).Compose(new DocumentModel("托管帮扶协议",
            [new Paragraph("甲乙双方建立一对一帮扶机制。")], new DocumentInfo("Pairing", "协议", "帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc))));
        foreach (var name in new[] { "清远市第一中学", "连州市第二中学" })
        {
            using var key = RSA.Create(2048);
            using var cert = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null),
                name, "签署", new DateTimeOffset(2024, 9, 2, 10, 0, 0, TimeSpan.FromHours(8))));
        }
        return pdf;
    }

    [Fact]
    public async Task A_signed_agreement_renders_verifies_as_on_record_and_fails_once_altered()
    {
        await _cli.SeedAsync("qingyuan");
        var render = await _cli.RunAsync("render", "441800-TG-2024-001", "--as", "qy.g01", "-o", _file);
        Assert.True(render.Exit == 0, render.Err);

        var ok = await _cli.RunAsync("verify", _file);
        Assert.True(ok.Exit == 0, ok.Err);
        Assert.Contains("清远市第一中学", ok.Out);
        Assert.Contains("Pairing 结对帮扶平台", ok.Out);
        Assert.Contains("真实有效且为最终版本：协议 441800-TG-2024-001", ok.Out);
        var pdfsig = Poppler.Run("pdfsig", _file);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(pdfsig, "Signature is Valid").Count);

        // The same file with the platform seal cut off: signed, but not the final version; exit 2.
        var pdf = await File.ReadAllBytesAsync(_file);
        var firstTwo = PdfSignatureVerifier.Verify(pdf)[1].RevisionLength;
        await File.WriteAllBytesAsync(_file, pdf[..(int)firstTwo]);
        var cut = await _cli.RunAsync("verify", _file);
        Assert.Equal(2, cut.Exit);
        Assert.Contains("签名有效但不是最终版本", cut.Err);
        Assert.Contains("缺少平台封存", cut.Err);

        var at = System.Text.Encoding.Latin1.GetString(pdf).IndexOf("/Producer", StringComparison.Ordinal);
        pdf[at + 12] ^= 0x01;
        await File.WriteAllBytesAsync(_file, pdf);
        var altered = await _cli.RunAsync("verify", _file);
        Assert.Equal(1, altered.Exit);
        Assert.Contains("无效：第 1 个签名无效", altered.Err);

        // Word export for editing; a school that is not a party gets nothing.
        var docx = Path.ChangeExtension(_file, ".docx");
        var word = await _cli.RunAsync("render", "441800-TG-2024-001", "--as", "qy.g01", "-o", docx, "--format", "docx");
        Assert.True(word.Exit == 0, word.Err);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(docx), 0, 2));
        File.Delete(docx);
        var stranger = await _cli.RunAsync("render", "441800-TG-2024-001", "--as", "qy.g02", "-o", _file);
        Assert.Equal(1, stranger.Exit);
        Assert.Contains("不存在或您无权查看", stranger.Err);
    }

    [Fact]
    public async Task Verify_reports_each_signer_and_fails_on_any_change()
    {
        var pdf = SignedAgreement();
        await File.WriteAllBytesAsync(_file, pdf);
        // Signatures intact, but made with certificates nobody configured and not a document this system holds.
        var foreign = await _cli.RunAsync("verify", _file);
        Assert.Equal(1, foreign.Exit);
        Assert.Contains("清远市第一中学", foreign.Out);
        Assert.Contains("连州市第二中学", foreign.Out);
        Assert.Contains("2024-09-02 10:00", foreign.Out);
        Assert.Contains("无效：第 1 个签名（清远市第一中学）不可信：证书不是由受信任的根证书签发", foreign.Err);

        pdf[pdf.Length / 3] ^= 0x20;
        await File.WriteAllBytesAsync(_file, pdf);
        var changed = await _cli.RunAsync("verify", _file);
        Assert.Equal(1, changed.Exit);
        Assert.Contains("无效：第 1 个签名无效", changed.Err);

        await File.WriteAllBytesAsync(_file, [.. SignedAgreement(), .. "\n%%EOF\n"u8.ToArray()]);
        var appended = await _cli.RunAsync("verify", _file, "--json");
        Assert.Equal(1, appended.Exit);
        Assert.Contains("\"kind\": \"invalid\"", appended.Out);

        await File.WriteAllTextAsync(_file, "not a pdf");
        var notPdf = await _cli.RunAsync("verify", _file);
        Assert.Equal(1, notPdf.Exit);
        Assert.Contains("不是 PDF 文件（字段：file）", notPdf.Err);
    }
}
