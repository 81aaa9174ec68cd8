namespace Pairing.Domain.Agreements;

public static class DocumentKind
{
    /// <summary>The agreement itself: rendered at approval, signed by each party, sealed by the platform.</summary>
    public const string Agreement = "agreement";
    /// <summary>The signing certificate (签署证书) issued when signing completes: who signed when, with which certificate.</summary>
    public const string Certificate = "certificate";
}

/// <summary>A PDF of one frozen revision of an agreement. For the agreement kind: rendered at approval, then signed by
/// each party and sealed by the platform. Signatures are incremental, so the first UnsignedLength bytes of every later
/// version are the unsigned rendering whose SHA-256 is UnsignedSha256.</summary>
public sealed class AgreementDocument
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public int Revision { get; set; }
    public string Kind { get; set; } = DocumentKind.Agreement;
    /// <summary>Verification reference printed in the QR code and the PDF's information dictionary.</summary>
    public string Reference { get; set; } = "";
    public string UnsignedSha256 { get; set; } = "";
    public long UnsignedLength { get; set; }
    public byte[] Pdf { get; set; } = [];
    /// <summary>Institution codes whose signatures the PDF holds, in signing order.</summary>
    public List<string> SignedBy { get; set; } = [];
    /// <summary>Every signature added, in order, with who signed, with which certificate, and where the file ended.</summary>
    public List<SignatureRecord> Signatures { get; set; } = [];
    /// <summary>Where each party's visible signature goes (its field in the signature block).</summary>
    public List<SignatureSlot> Slots { get; set; } = [];
    public bool Sealed { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One signature as the record holds it. Signer is an institution code, or "platform" for the seal.</summary>
public sealed record SignatureRecord(string Signer, string Account, string Name, string CertificateSha256, string CertificateSubject,
    DateTime SignedAt, long Length)
{
    public const string Platform = "platform";
}

/// <summary>A party's signature field: page (0-based) and rectangle in PDF points from the bottom-left corner.</summary>
public sealed record SignatureSlot(string Party, int Page, double Left, double Bottom, double Width, double Height);
