using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Pairing.Documents.Signing;

namespace Pairing.Application.Documents;

/// <summary>The certificates documents are signed with: the platform's seal (configured PFX, or issued by the local
/// authority) and one certificate per institution, issued by the local authority on first use or imported by placing
/// inst-{code}.pfx (same password) in the PKI folder.</summary>
public sealed class SigningKeys(DocumentSettings settings, TimeProvider clock)
{
    private readonly Lazy<LocalCertificateAuthority> _authority = new(() =>
        LocalCertificateAuthority.LoadOrCreate(settings.PkiFolder, settings.PkiPassword(), clock));
    private readonly ConcurrentDictionary<string, X509Certificate2> _cache = new();

    public LocalCertificateAuthority Authority => _authority.Value;

    public X509Certificate2 Platform() => _cache.GetOrAdd("platform", _ => settings.SealPfx is { } pfx
        ? X509CertificateLoader.LoadPkcs12FromFile(pfx, settings.SealPassword, X509KeyStorageFlags.Exportable)
        : Authority.CertificateFor("platform", "Pairing 结对帮扶平台", "Pairing"));

    public X509Certificate2 Institution(string code, string name) =>
        _cache.GetOrAdd($"inst-{code}", file => Authority.CertificateFor(file, name, name));

    /// <summary>What verification trusts: the local CA and the configured roots, loaded once.</summary>
    public TrustAnchors TrustAnchors() => _anchors.Value;

    private readonly Lazy<TrustAnchors> _anchors = new(() => Pairing.Documents.Signing.TrustAnchors.For(
        LocalCertificateAuthority.LoadOrCreate(settings.PkiFolder, settings.PkiPassword(), clock), settings.TrustRoots, clock));
}
