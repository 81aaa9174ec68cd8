using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Pairing.Documents.Signing;

/// <summary>The root certificates whose signatures Pairing believes: its local CA and any roots a deployment
/// configures. Trust is by certificate and key, never by name: a look-alike CA called exactly like ours is a stranger.</summary>
public sealed class TrustAnchors
{
    private static readonly string[] CertificateExtensions = [".pem", ".crt", ".cer", ".der"];
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly List<X509Certificate2> _roots = [];
    private readonly TimeProvider _clock;

    public TrustAnchors(IEnumerable<X509Certificate2> roots, TimeProvider? clock = null)
    {
        // Only the certificates: a root passed in with its private key (the local CA) keeps the key where it was.
        foreach (var root in roots) _roots.Add(X509CertificateLoader.LoadCertificate(root.RawData));
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The local CA plus the roots in each configured path (a certificate file or a folder of them).</summary>
    public static TrustAnchors For(LocalCertificateAuthority authority, IEnumerable<string>? rootPaths = null, TimeProvider? clock = null) =>
        new([authority.Certificate, .. (rootPaths ?? []).SelectMany(Load)], clock);

    public IReadOnlyList<X509Certificate2> Roots => _roots;

    /// <summary>Certificates from a PEM file (one or more), a DER file, or a folder of .pem/.crt/.cer/.der files.
    /// A path that holds none is a configuration mistake and throws.</summary>
    public static IReadOnlyList<X509Certificate2> Load(string path)
    {
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path)
                .Where(f => CertificateExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).SelectMany(LoadFile).ToList();
        if (File.Exists(path)) return LoadFile(path);
        throw new FileNotFoundException($"根证书文件或目录不存在：{path}", path);
    }

    private static List<X509Certificate2> LoadFile(string file)
    {
        var bytes = File.ReadAllBytes(file);
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (!text.Contains("-----BEGIN", StringComparison.Ordinal)) return [X509CertificateLoader.LoadCertificate(bytes)];
            var pem = new X509Certificate2Collection();
            pem.ImportFromPem(text);
            return pem.Count > 0 ? [.. pem] : throw new InvalidDataException($"根证书文件中没有证书：{file}");
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidDataException($"无法读取根证书：{file}", ex);
        }
    }

    /// <summary>Whether the signature is valid and made with a certificate that chains to one of the roots, was
    /// valid when the signature says it was made, and may sign. An invalid signature is never trusted.</summary>
    public TrustVerdict Evaluate(SignatureCheck check)
    {
        if (!check.Valid) return new(false, check.Problem ?? "签名无效");
        if (check.Certificate is not { } leaf) return new(false, "签名中没有签名证书");

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_roots.ToArray());
        policy.ExtraStore.AddRange(check.Chain.ToArray());
        // The local CA publishes no revocation lists or OCSP, so there is nothing to check; a configured root that
        // does is not consulted either. Certificates in an uploaded file name download addresses of the uploader's
        // choosing: never fetch them.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        // Validity at the time the signature states (its /M). Without a timestamp that time is the signer's word:
        // someone holding an expired certificate's key could backdate it.
        policy.VerificationTime = (check.SignedAt ?? _clock.GetUtcNow()).UtcDateTime;
        policy.VerificationTimeIgnored = false;

        bool built;
        try
        {
            built = chain.Build(leaf);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Certificates come from the uploaded file; one the platform's crypto library cannot even read is not trusted.
            return new(false, "签名证书无法验证");
        }
        var elements = chain.ChainElements.Cast<X509ChainElement>().ToList();
        var top = elements.Count > 0 ? elements[^1].Certificate : leaf;
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        const X509ChainStatusFlags notIssuedByRoot = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain
            | X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.Cyclic;
        if (!built && (flags & notIssuedByRoot) != 0)
            return new(false, $"证书不是由受信任的根证书签发（签发者：{top.IssuerName.Name}）");
        if (!built && (flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            var expired = elements.FirstOrDefault(e => e.ChainElementStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotTimeValid)))?.Certificate ?? leaf;
            return new(false, $"签署时证书已过期或尚未生效（有效期 {Local(expired.NotBefore)} 至 {Local(expired.NotAfter)}，" +
                              $"{(check.SignedAt is null ? "未注明签署时间，按核验时间" : "签署时间")} {Local(policy.VerificationTime)}）");
        }
        if (!built) return new(false, $"证书链无效（{flags}）");

        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        // No key usage extension means no restriction (RFC 5280).
        if (usage is not null && (usage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
            return new(false, "证书用途不允许数字签名");
        return new(true, $"证书由受信任的根证书签发（根证书：{top.SubjectName.Name}）");
    }

    /// <summary>China Standard Time, as the documents print times.</summary>
    private static string Local(DateTime time)
    {
        // A forged /M may say 9999-12-31: shifting that by eight hours would leave the calendar.
        var utc = time.ToUniversalTime();
        return (utc <= DateTime.MaxValue - China ? utc + China : utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
