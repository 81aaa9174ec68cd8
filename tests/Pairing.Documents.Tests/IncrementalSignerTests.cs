using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

public sealed class IncrementalSignerTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-signed-{Guid.NewGuid():N}.pdf");
    private static readonly PdfComposer Composer = new(Path.Combine(RepoPaths.Root, "templates", "fonts"));

    public void Dispose() => File.Delete(_file);

    private static X509Certificate2 Certificate(string name) => TestCertificates.SelfSigned(name);

    private static byte[] Document() => Composer.Compose(new DocumentModel("结对帮扶协议",
        [new Heading1("一、帮扶目标"), new Paragraph("甲乙双方按照一校一案建立一对一帮扶机制，三年内本科上线率提高10个百分点。")],
        new DocumentInfo("Pairing", "协议", "结对帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc))));

    [Fact]
    public void Two_parties_and_the_platform_sign_and_every_signature_stays_valid()
    {
        var at = new DateTimeOffset(2024, 9, 2, 10, 0, 0, TimeSpan.FromHours(8));
        var original = Document();
        var once = IncrementalSigner.Sign(original, new SignatureRequest(Certificate("清远市第一中学"), "陈志强", "帮扶方签署", at));
        var twice = IncrementalSigner.Sign(once, new SignatureRequest(Certificate("英德市浛洸中学"), "周建明", "受援方签署", at.AddHours(1)));
        var sealedPdf = IncrementalSigner.Sign(twice, new SignatureRequest(Certificate("Pairing 平台"), "Pairing 平台", "平台封存", at.AddHours(2)));

        // Incremental: each version starts with the bytes of the one before.
        Assert.Equal(original, once[..original.Length]);
        Assert.Equal(once, twice[..once.Length]);
        Assert.Equal(twice, sealedPdf[..twice.Length]);

        var report = PdfSig.Report(sealedPdf);
        Assert.Equal(3, Regex.Matches(report, @"Signature #\d+:").Count);
        Assert.Equal(3, Regex.Matches(report, "Signature Validation: Signature is Valid").Count);
        Assert.Contains("Signer Certificate Common Name: 清远市第一中学", report);
        Assert.Contains("Signer Certificate Common Name: 英德市浛洸中学", report);
        // Earlier signatures cover the document as it was; the platform seal covers all of it.
        Assert.Equal(2, Regex.Matches(report, "Not total document signed").Count);
        Assert.Single(Regex.Matches(report, @"(?<!Not )Total document signed"));

        // Our own verifier agrees with pdfsig.
        var checks = PdfSignatureVerifier.Verify(sealedPdf);
        Assert.True(checks[0].Valid, checks[0].Problem);
        Assert.Equal(["清远市第一中学", "英德市浛洸中学", "Pairing 平台"], checks.Select(c => c.Signer).ToArray());
        Assert.All(checks, c => Assert.True(c.Valid, c.Problem));
        Assert.Equal([false, false, true], checks.Select(c => c.CoversWholeDocument).ToArray());
        Assert.Equal(at.AddHours(1), checks[1].SignedAt);

        // The document text is what it was.
        File.WriteAllBytes(_file, sealedPdf);
        Assert.Contains("一对一帮扶机制", Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"));
    }

    [Fact]
    public void A_signature_reserves_what_it_needs_and_is_made_again_when_it_does_not_fit()
    {
        var certificate = Certificate("清远市第一中学");
        var request = new SignatureRequest(certificate, "陈志强", "帮扶方签署", new DateTimeOffset(2024, 9, 2, 10, 0, 0, TimeSpan.FromHours(8)));
        var signed = IncrementalSigner.Sign(Document(), request);
        // The /Contents hex string holds the CMS and little padding: not kilobytes of zeros.
        var contents = Regex.Match(System.Text.Encoding.Latin1.GetString(signed), "/Contents<([0-9A-F]+)>").Groups[1].Value;
        var padding = contents.Length - contents.TrimEnd('0').Length;
        Assert.InRange(padding, 0, 2 * IncrementalSigner.Margin + 1);
        Assert.Equal(signed, IncrementalSigner.Sign(Document(), request));

        // Reserved too little (as when the certificate chain grew since it was measured): signed again with room.
        var retried = IncrementalSigner.Sign(Document(), request, reservation: 256);
        Assert.Equal(contents.Length, Regex.Match(System.Text.Encoding.Latin1.GetString(retried), "/Contents<([0-9A-F]+)>").Groups[1].Length);
        Assert.True(Assert.Single(PdfSignatureVerifier.Verify(retried)).Valid);
        Assert.Matches("Signature is Valid", PdfSig.Report(retried));
    }

    [Fact]
    public void Changing_one_byte_of_content_invalidates_the_signatures()
    {
        var signed = IncrementalSigner.Sign(Document(), new SignatureRequest(Certificate("甲方"), "甲方", "签署", DateTimeOffset.UtcNow));
        signed = IncrementalSigner.Sign(signed, new SignatureRequest(Certificate("乙方"), "乙方", "签署", DateTimeOffset.UtcNow));
        Assert.Equal(2, Regex.Matches(PdfSig.Report(signed), "Signature is Valid").Count);

        // Change one byte inside the first page's content stream (compressed drawing operators).
        var at = System.Text.Encoding.Latin1.GetString(signed).IndexOf("stream", StringComparison.Ordinal) + 20;
        signed[at] ^= 0x01;
        var report = PdfSig.Report(signed);
        Assert.DoesNotContain("Signature is Valid", report);
        Assert.Equal(2, Regex.Matches(report, "Digest Mismatch").Count);
        Assert.All(PdfSignatureVerifier.Verify(signed), c => Assert.False(c.Valid));

        // Bytes appended after the last signature are not covered by any signature.
        var appended = IncrementalSigner.Sign(Document(), new SignatureRequest(Certificate("甲方"), "甲方", "签署", DateTimeOffset.UtcNow))
            .Concat(System.Text.Encoding.ASCII.GetBytes("\n% unsigned change\n")).ToArray();
        var check = Assert.Single(PdfSignatureVerifier.Verify(appended));
        Assert.True(check.Valid);
        Assert.False(check.CoversWholeDocument);
    }
}
