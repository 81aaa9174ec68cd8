using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Pairing.Documents.Signing;
using Pairing.Testing;
using static Pairing.Documents.Tests.SignedPdfEdits;

namespace Pairing.Documents.Tests;

/// <summary>Whether a valid signature is one to believe: made with a certificate that chains to Pairing's CA (or a
/// configured root) by key, valid when signed and allowed to sign. Forgers re-sign with certificates named like ours.</summary>
public sealed class TrustAnchorsTests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    private readonly TrustAnchors _anchors = TrustAnchors.For(pki.Authority);

    /// <summary>A document signed with the certificate, by default now (the certificates are issued today).</summary>
    private static SignatureCheck SignedWith(X509Certificate2 certificate, DateTimeOffset? at = null) =>
        Assert.Single(PdfSignatureVerifier.Verify(SigningSamples.Sign(SigningSamples.Document(), certificate, at ?? DateTimeOffset.Now)));

    [Fact]
    public void A_signature_by_a_certificate_the_local_ca_issued_is_trusted()
    {
        var check = SignedWith(pki.Authority.CertificateFor("inst-A", "清远市第一中学", "清远市第一中学"));
        var verdict = _anchors.Evaluate(check);
        Assert.True(verdict.Trusted, verdict.Reason);
        Assert.Contains("Pairing 本地证书颁发机构", verdict.Reason);
        Assert.All(_anchors.Roots, r => Assert.False(r.HasPrivateKey));
    }

    [Fact]
    public void A_self_signed_certificate_named_like_the_platform_is_not_trusted()
    {
        var check = SignedWith(SigningSamples.SelfSigned("Pairing 结对帮扶平台"));
        Assert.True(check.Valid, check.Problem);
        Assert.Equal("Pairing 结对帮扶平台", check.Signer);
        var verdict = _anchors.Evaluate(check);
        Assert.False(verdict.Trusted);
        Assert.StartsWith("证书不是由受信任的根证书签发（", verdict.Reason);
        Assert.Contains("Pairing 结对帮扶平台", verdict.Reason);
    }

    [Fact]
    public void A_look_alike_ca_with_the_same_name_but_another_key_is_not_trusted()
    {
        Assert.Equal(pki.Authority.Certificate.Subject, pki.LookAlike.Certificate.Subject);
        var forged = pki.LookAlike.CertificateFor("platform", "Pairing 结对帮扶平台", "Pairing");

        // As the signer writes it, and with the look-alike CA (and even Pairing's real CA) put in the signature data.
        var pdf = SigningSamples.Sign(SigningSamples.Document(), forged, DateTimeOffset.Now);
        var withLookAlike = Signer(forged);
        withLookAlike.Certificates.Add(X509CertificateLoader.LoadCertificate(pki.LookAlike.ExportDer()));
        var withBoth = Signer(forged);
        withBoth.Certificates.Add(X509CertificateLoader.LoadCertificate(pki.LookAlike.ExportDer()));
        withBoth.Certificates.Add(X509CertificateLoader.LoadCertificate(pki.Authority.ExportDer()));
        foreach (var file in new[] { pdf, Resign(pdf, [withLookAlike]), Resign(pdf, [withBoth]) })
        {
            var check = Assert.Single(PdfSignatureVerifier.Verify(file));
            Assert.True(check.Valid, check.Problem);
            var verdict = _anchors.Evaluate(check);
            Assert.False(verdict.Trusted, verdict.Reason);
            Assert.StartsWith("证书不是由受信任的根证书签发（", verdict.Reason);
            Assert.Contains("Pairing 本地证书颁发机构", verdict.Reason);
        }
    }

    [Fact]
    public void A_certificate_expired_at_the_signing_time_is_not_trusted()
    {
        // Issued on 1 January 2018 for five years; the agreement is signed in September 2024.
        var anchors = TrustAnchors.For(pki.Old);
        var school = pki.Old.CertificateFor("inst-A", "清远市第一中学", "清远市第一中学");
        var verdict = anchors.Evaluate(SignedWith(school, SigningSamples.SignedAt));
        Assert.False(verdict.Trusted);
        Assert.StartsWith("签署时证书已过期或尚未生效（有效期 2018-01-01 07:55 至 2023-01-01 08:00", verdict.Reason);

        // Signed while it was valid, the same certificate is trusted.
        Assert.True(anchors.Evaluate(SignedWith(school, new DateTimeOffset(2020, 6, 1, 9, 0, 0, TimeSpan.FromHours(8)))).Trusted);
    }

    [Fact]
    public void Without_a_stated_signing_time_the_certificate_must_be_valid_now()
    {
        var school = pki.Authority.CertificateFor("inst-B", "英德市浛洸中学", "英德市浛洸中学");
        var withoutTime = Replace(SigningSamples.Sign(SigningSamples.Document(), school), "/M(D:", "/X(D:");
        var check = Assert.Single(PdfSignatureVerifier.Verify(Resign(withoutTime, [Signer(school)])));
        Assert.Null(check.SignedAt);
        Assert.True(TrustAnchors.For(pki.Authority, clock: new TestClock(DateTimeOffset.UtcNow)).Evaluate(check).Trusted);
        var later = TrustAnchors.For(pki.Authority, clock: new TestClock(DateTimeOffset.UtcNow.AddYears(6)));
        Assert.StartsWith("签署时证书已过期或尚未生效", later.Evaluate(check).Reason);
    }

    [Theory]
    [InlineData("00010101000000Z00'00'", true)]
    [InlineData("99991231235959Z00'00'", true)]
    [InlineData("00010101000000+14'00'", false)]
    [InlineData("99991231235959-14'00'", false)]
    public void A_signing_time_at_the_ends_of_the_calendar_is_judged_not_thrown(string date, bool inCalendar)
    {
        var school = pki.Authority.CertificateFor("inst-A", "清远市第一中学", "清远市第一中学");
        var signed = SigningSamples.Sign(SigningSamples.Document(), school);
        var stated = Latin1(signed).IndexOf("/M(D:", StringComparison.Ordinal) + 5;
        // Every date here has the length of the one it replaces, so the byte range still fits the file.
        var forged = Splice(signed, stated, Latin1(signed).IndexOf(')', stated) - stated, date);
        var check = Assert.Single(PdfSignatureVerifier.Verify(Resign(forged, [Signer(school)])));
        Assert.True(check.Valid, check.Problem);
        var verdict = _anchors.Evaluate(check);
        // A time the calendar has no room for (UTC before year 1 or after 9999) is no stated time: judged as of now.
        Assert.Equal(inCalendar, check.SignedAt is not null);
        Assert.Equal(!inCalendar, verdict.Trusted);
        if (inCalendar) Assert.StartsWith("签署时证书已过期或尚未生效", verdict.Reason);
    }

    [Fact]
    public void A_certificate_that_may_not_sign_is_not_trusted_even_from_the_ca()
    {
        // The CA's own certificate may only sign certificates.
        var verdict = _anchors.Evaluate(SignedWith(pki.Authority.Certificate));
        Assert.Equal(new TrustVerdict(false, "证书用途不允许数字签名"), verdict);
    }

    [Fact]
    public void An_invalid_signature_is_never_trusted()
    {
        var pdf = SigningSamples.Sign(SigningSamples.Document(), pki.Authority.CertificateFor("inst-A", "清远市第一中学", "清远市第一中学"), DateTimeOffset.Now);
        pdf[Latin1(pdf).IndexOf("stream", StringComparison.Ordinal) + 20] ^= 0x01;
        var check = Assert.Single(PdfSignatureVerifier.Verify(pdf));
        Assert.Equal(new TrustVerdict(false, "签名后内容被修改（摘要不符）"), _anchors.Evaluate(check));
    }

    [Fact]
    public void A_configured_root_from_a_pem_or_der_file_or_a_folder_makes_its_certificates_trusted()
    {
        var check = SignedWith(PkiFixture.Issue(pki.Provincial, "韶关市第一中学"));
        Assert.StartsWith("证书不是由受信任的根证书签发（签发者：CN=广东省电子认证中心", _anchors.Evaluate(check).Reason);

        var folder = Directory.CreateDirectory(Path.Combine(pki.Folder, $"roots-{Guid.NewGuid():N}")).FullName;
        var pem = Path.Combine(folder, "provincial.pem");
        File.WriteAllText(pem, pki.Provincial.ExportCertificatePem());
        var der = Path.Combine(folder, "pairing.cer");
        File.WriteAllBytes(der, pki.Authority.ExportDer());
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "not a certificate");

        var fromPem = TrustAnchors.For(pki.Authority, [pem]);
        Assert.True(fromPem.Evaluate(check).Trusted, fromPem.Evaluate(check).Reason);
        Assert.Equal(2, fromPem.Roots.Count);
        Assert.False(fromPem.Roots[1].HasPrivateKey);

        var fromFolder = new TrustAnchors(TrustAnchors.Load(folder));
        Assert.Equal([pki.Authority.Certificate.Thumbprint, pki.Provincial.Thumbprint], fromFolder.Roots.Select(r => r.Thumbprint).ToArray());
        Assert.True(fromFolder.Evaluate(check).Trusted);
        Assert.True(fromFolder.Evaluate(SignedWith(pki.Authority.CertificateFor("inst-A", "清远市第一中学", "清远市第一中学"))).Trusted);

        Assert.Throws<FileNotFoundException>(() => TrustAnchors.Load(Path.Combine(folder, "missing.pem")));
        Assert.Throws<InvalidDataException>(() => TrustAnchors.Load(Path.Combine(folder, "readme.txt")));
    }

    [Fact]
    public void The_ca_certificate_exports_as_pem_and_der_without_its_key()
    {
        var pem = pki.Authority.ExportPem();
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem);
        Assert.DoesNotContain("PRIVATE KEY", pem);
        var fromPem = X509Certificate2.CreateFromPem(pem);
        var fromDer = X509CertificateLoader.LoadCertificate(pki.Authority.ExportDer());
        Assert.Equal(pki.Authority.Certificate.Thumbprint, fromPem.Thumbprint);
        Assert.Equal(pki.Authority.Certificate.Thumbprint, fromDer.Thumbprint);
        Assert.False(fromDer.HasPrivateKey);
    }

    [Fact]
    public void Pdfsig_trusts_a_ca_issued_signature_once_the_ca_is_in_its_database()
    {
        var nss = Directory.CreateDirectory(Path.Combine(pki.Folder, $"nss-{Guid.NewGuid():N}")).FullName;
        var caPem = Path.Combine(nss, "ca.pem");
        File.WriteAllText(caPem, pki.Authority.ExportPem());
        Poppler.Run("certutil", "-N", "-d", $"sql:{nss}", "--empty-password");
        Poppler.Run("certutil", "-A", "-d", $"sql:{nss}", "-n", "Pairing CA", "-t", "CT,C,C", "-i", caPem);

        var school = PdfSig(nss, SigningSamples.Sign(SigningSamples.Document(), pki.Authority.CertificateFor("inst-A", "清远市第一中学", "清远市第一中学"), DateTimeOffset.Now));
        Assert.Contains("Signature Validation: Signature is Valid", school);
        Assert.Contains("Certificate Validation: Certificate is Trusted", school);

        var forged = PdfSig(nss, SigningSamples.Sign(SigningSamples.Document(), SigningSamples.SelfSigned("Pairing 结对帮扶平台"), DateTimeOffset.Now));
        Assert.Contains("Signature Validation: Signature is Valid", forged);
        Assert.DoesNotContain("Certificate is Trusted", forged);
        Assert.Contains("Certificate Validation: Certificate issuer is unknown", forged);

        // Nor is a certificate from the look-alike CA of the same name.
        var lookAlike = PdfSig(nss, SigningSamples.Sign(SigningSamples.Document(), pki.LookAlike.CertificateFor("platform", "Pairing 结对帮扶平台", "Pairing"), DateTimeOffset.Now));
        Assert.Contains("Signature Validation: Signature is Valid", lookAlike);
        Assert.DoesNotContain("Certificate is Trusted", lookAlike);
    }

    /// <summary>pdfsig's report with the given NSS database; it exits non-zero for an untrusted signature, so its
    /// output is read whatever the exit code.</summary>
    private string PdfSig(string nssDirectory, byte[] pdf)
    {
        var file = Path.Combine(pki.Folder, $"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        var info = new ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-nssdir", $"sql:{nssDirectory}", file]) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        return output;
    }
}
