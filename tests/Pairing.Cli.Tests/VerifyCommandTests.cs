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
    public async Task Verify_reports_each_signer_and_fails_on_any_change()
    {
        var pdf = SignedAgreement();
        await File.WriteAllBytesAsync(_file, pdf);
        var ok = await _cli.RunAsync("verify", _file);
        Assert.Equal(0, ok.Exit);
        Assert.Contains("清远市第一中学", ok.Out);
        Assert.Contains("连州市第二中学", ok.Out);
        Assert.Contains("2024-09-02 10:00", ok.Out);
        Assert.Contains("有效：所有签名有效", ok.Out);

        pdf[pdf.Length / 3] ^= 0x20;
        await File.WriteAllBytesAsync(_file, pdf);
        var changed = await _cli.RunAsync("verify", _file);
        Assert.Equal(1, changed.Exit);
        Assert.Contains("无效：签名后内容被修改", changed.Err);

        await File.WriteAllBytesAsync(_file, [.. SignedAgreement(), .. "\n%%EOF\n"u8.ToArray()]);
        var appended = await _cli.RunAsync("verify", _file, "--json");
        Assert.Equal(1, appended.Exit);
        Assert.Contains("\"intact\": false", appended.Out);

        await File.WriteAllTextAsync(_file, "not a pdf");
        var notPdf = await _cli.RunAsync("verify", _file);
        Assert.Equal(1, notPdf.Exit);
        Assert.Contains("不是 PDF 文件（字段：file）", notPdf.Err);
    }
}
