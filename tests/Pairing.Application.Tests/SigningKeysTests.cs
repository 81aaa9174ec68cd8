using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pairing.Application.Documents;
using Pairing.Testing;

namespace Pairing.Application.Tests;

public sealed class SigningKeysTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pairing-keys").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private DocumentSettings Settings(string? pfx = null, string? password = null) =>
        new(Path.Combine(RepoPaths.Root, "templates"), Path.Combine(_folder, "pki"), "https://pairing.test", pfx, password);

    [Fact]
    public void Without_configuration_a_local_authority_issues_platform_and_institution_certificates_once()
    {
        var keys = new SigningKeys(Settings(), TimeProvider.System);
        var platform = keys.Platform();
        var school = keys.Institution("QY-G01", "清远市第一中学");
        Assert.True(platform.HasPrivateKey && school.HasPrivateKey);
        Assert.Equal("清远市第一中学", school.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(keys.Authority.Issued(platform));
        Assert.True(keys.Authority.Issued(school));

        // A second process on the same folder uses the same authority and certificates.
        var again = new SigningKeys(Settings(), TimeProvider.System);
        Assert.Equal(school.Thumbprint, again.Institution("QY-G01", "清远市第一中学").Thumbprint);
        Assert.Equal(platform.Thumbprint, again.Platform().Thumbprint);
    }

    [Fact]
    public void A_configured_platform_certificate_is_used_for_the_seal()
    {
        using var key = RSA.Create(2048);
        using var cert = new CertificateRequest("CN=某市教育局电子印章", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(_folder, "seal.pfx");
        File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pkcs12, "秘密"));

        var platform = new SigningKeys(Settings(pfx, "秘密"), TimeProvider.System).Platform();
        Assert.Equal(cert.Thumbprint, platform.Thumbprint);
        Assert.True(platform.HasPrivateKey);
        Assert.False(File.Exists(Path.Combine(_folder, "pki", "ca.pfx")));
    }
}
