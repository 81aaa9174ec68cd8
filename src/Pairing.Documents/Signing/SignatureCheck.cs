using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;

namespace Pairing.Documents.Signing;

/// <summary>One signature in a PDF: who signed, when, whether the signed bytes are unchanged, and whether it covers
/// the whole file (only the newest one should; anything after it is an unsigned change). Valid says the mathematics
/// holds; whether the certificate is one to believe is <see cref="TrustAnchors"/>' question.</summary>
public sealed record SignatureCheck(int Index, string Signer, DateTimeOffset? SignedAt, bool Valid, bool CoversWholeDocument, string? Problem)
{
    /// <summary>The certificate the CMS names as its signer, when the signature data could be read. Not serialized
    /// (the API and CLI write checks as JSON): a certificate object is no JSON; callers say what they publish of it.</summary>
    [JsonIgnore]
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The other certificates carried in the CMS (intermediates, often the root): candidates for the chain,
    /// trusted for nothing by themselves.</summary>
    [JsonIgnore]
    public IReadOnlyList<X509Certificate2> Chain { get; init; } = [];

    /// <summary>Where the revision this signature covers ends (the end of its byte range): for incremental signatures,
    /// the length of the file right after the signature was added. 0 when the byte range could not be read.</summary>
    public long RevisionLength { get; init; }
}
