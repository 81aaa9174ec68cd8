using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pairing.Documents.Signing;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

/// <summary>Certificate authorities for the trust tests, made once per class (3072-bit keys take a while): the
/// platform's local CA, a look-alike with exactly its name but its own key, one created years ago whose
/// certificates have since expired, and a stranger with a name of its own that a deployment may configure.</summary>
public sealed class PkiFixture : IDisposable
{
    public PkiFixture()
    {
        Folder = Directory.CreateTempSubdirectory("pairing-trust").FullName;
        Authority = LocalCertificateAuthority.LoadOrCreate(Path.Combine(Folder, "pki"), "secret");
        LookAlike = LocalCertificateAuthority.LoadOrCreate(Path.Combine(Folder, "look-alike"), "x");
        Old = LocalCertificateAuthority.LoadOrCreate(Path.Combine(Folder, "old"), "secret", new TestClock(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Provincial = SelfSignedAuthority("CN=广东省电子认证中心, O=广东省, C=CN");
    }

    public string Folder { get; }
    public LocalCertificateAuthority Authority { get; }
    public LocalCertificateAuthority LookAlike { get; }
    public LocalCertificateAuthority Old { get; }
    public X509Certificate2 Provincial { get; }

    public void Dispose() => Directory.Delete(Folder, true);

    /// <summary>A signing certificate issued by <paramref name="issuer"/> (which must hold its key).</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string commonName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, C=CN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 SelfSignedAuthority(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(10));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
