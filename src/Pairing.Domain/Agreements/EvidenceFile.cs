namespace Pairing.Domain.Agreements;

/// <summary>A file submitted with a semester report or an evaluation (photos, minutes, score sheets).</summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public string Cycle { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string UploadedBy { get; set; } = "";
    public DateTime UploadedAt { get; set; }
}
