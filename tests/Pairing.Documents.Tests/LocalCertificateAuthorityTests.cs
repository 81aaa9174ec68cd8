using System.Security.Cryptography.X509Certificates;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

public sealed class LocalCertificateAuthorityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pairing-pki").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    [Fact]
    public void The_authority_is_created_once_and_issues_certificates_that_chain_to_it()
    {
        var ca = LocalCertificateAuthority.LoadOrCreate(_folder, "secret");
        var again = LocalCertificateAuthority.LoadOrCreate(_folder, "secret");
        Assert.Equal(ca.Certificate.Thumbprint, again.Certificate.Thumbprint);

        var platform = ca.CertificateFor("platform", "Pairing 平台", "Pairing");
        var school = ca.CertificateFor("inst-QY-G01", "清远市第一中学", "清远市第一中学");
        Assert.True(platform.HasPrivateKey);
        Assert.True(ca.Issued(platform));
        Assert.True(ca.Issued(school));
        Assert.Equal("清远市第一中学", school.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal(platform.Thumbprint, again.CertificateFor("platform", "Pairing 平台", "Pairing").Thumbprint);

        // A certificate from elsewhere does not chain to it, and a wrong password cannot open it.
        var stranger = LocalCertificateAuthority.LoadOrCreate(Path.Combine(_folder, "other"), "x").CertificateFor("p", "冒充的平台", "X");
        Assert.False(ca.Issued(stranger));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => LocalCertificateAuthority.LoadOrCreate(_folder, "wrong"));
        Assert.Throws<ArgumentException>(() => ca.CertificateFor("../escape", "x", "x"));
    }

    [Fact]
    public void Issued_certificates_sign_pdfs_that_verify()
    {
        var ca = LocalCertificateAuthority.LoadOrCreate(_folder, "secret");
        var pdf = new PdfComposer(Path.Combine(RepoPaths.Root, "templates", "fonts")).Compose(new DocumentModel("协议",
            [new Paragraph("正文。")], new DocumentInfo("Pairing", "协议", "", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc))));
        pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(ca.CertificateFor("inst-A", "甲校", "甲校"), "甲校", "签署", DateTimeOffset.UtcNow));
        pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(ca.CertificateFor("platform", "Pairing 平台", "Pairing"), "Pairing 平台", "平台封存", DateTimeOffset.UtcNow));
        var checks = PdfSignatureVerifier.Verify(pdf);
        Assert.Equal(["甲校", "Pairing 平台"], checks.Select(c => c.Signer).ToArray());
        Assert.All(checks, c => Assert.True(c.Valid));
    }
}
