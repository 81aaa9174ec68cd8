using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pairing.Documents.Signing;

/// <summary>A certificate authority kept in a folder (by default under ./data/pki): created on first use, it issues
/// the platform's sealing certificate and each institution's signing certificate. A deployment that has a real CA
/// configures the platform PFX instead; institution certificates can then be imported.</summary>
public sealed class LocalCertificateAuthority
{
    private const string AuthorityFile = "ca.pfx";
    private readonly string _folder;
    private readonly string _password;
    private readonly TimeProvider _clock;

    private LocalCertificateAuthority(string folder, string password, X509Certificate2 certificate, TimeProvider clock)
    {
        _folder = folder;
        _password = password;
        _clock = clock;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The authority's certificate (never its key) as PEM, to publish so readers can trust it.</summary>
    public string ExportPem() => Certificate.ExportCertificatePem();

    /// <summary>The authority's certificate (never its key) in DER, the form of a .cer/.crt download.</summary>
    public byte[] ExportDer() => Certificate.Export(X509ContentType.Cert);

    public static LocalCertificateAuthority LoadOrCreate(string folder, string password, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, AuthorityFile);
        if (File.Exists(path))
            return new(folder, password, X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable), clock);

        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=Pairing 本地证书颁发机构, O=Pairing, C=CN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = clock.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
        var pfx = created.Export(X509ContentType.Pkcs12, password);
        // Another process may be creating the authority at the same moment: the first file to land wins.
        var kept = Publish(path, pfx);
        return new(folder, password, X509CertificateLoader.LoadPkcs12(kept, password, X509KeyStorageFlags.Exportable), clock);
    }

    /// <summary>The certificate for a name, issued on first request and kept as {fileName}.pfx.</summary>
    public X509Certificate2 CertificateFor(string fileName, string commonName, string organization)
    {
        if (fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || fileName.Contains(".."))
            throw new ArgumentException($"证书文件名无效：{fileName}", nameof(fileName));
        var path = Path.Combine(_folder, $"{fileName}.pfx");
        if (File.Exists(path)) return X509CertificateLoader.LoadPkcs12FromFile(path, _password, X509KeyStorageFlags.Exportable);

        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCountryOrRegion("CN");
        subject.AddOrganizationName(organization);
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = _clock.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, now.AddMinutes(-5), now.AddYears(5), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        var collection = new X509Certificate2Collection { withKey, X509CertificateLoader.LoadCertificate(Certificate.RawData) };
        var pfx = collection.Export(X509ContentType.Pkcs12, _password)!;
        return X509CertificateLoader.LoadPkcs12(Publish(path, pfx), _password, X509KeyStorageFlags.Exportable);
    }

    /// <summary>Writes the file atomically unless it already exists; returns what the file holds afterwards.</summary>
    private static byte[] Publish(string path, byte[] content)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, content);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return content;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllBytes(path);
        }
    }

    /// <summary>Whether a certificate chains to this authority (revocation is not checked: the local CA publishes none).</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _clock.GetUtcNow().UtcDateTime;
        return chain.Build(certificate);
    }
}
