namespace Pairing.Domain.Agreements;

/// <summary>The PDF of one frozen revision of an agreement, as rendered at approval and then signed by each party and
/// sealed by the platform. Signatures are incremental, so the first UnsignedLength bytes of every later version are
/// the unsigned rendering whose SHA-256 is UnsignedSha256.</summary>
public sealed class AgreementDocument
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public int Revision { get; set; }
    /// <summary>Verification reference printed in the QR code and the PDF's information dictionary.</summary>
    public string Reference { get; set; } = "";
    public string UnsignedSha256 { get; set; } = "";
    public long UnsignedLength { get; set; }
    public byte[] Pdf { get; set; } = [];
    /// <summary>Institution codes whose signatures the PDF holds, in signing order.</summary>
    public List<string> SignedBy { get; set; } = [];
    public bool Sealed { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
