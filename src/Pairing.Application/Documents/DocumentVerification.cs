using Pairing.Documents.Signing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Documents;

public sealed record VerificationReport(string File, long Bytes, IReadOnlyList<SignatureCheck> Signatures)
{
    /// <summary>Authentic and unaltered: signed, every signature valid, and nothing added after the newest one.</summary>
    public bool Intact => Signatures.Count > 0 && Signatures.All(s => s.Valid) && Signatures[^1].CoversWholeDocument;

    public string Verdict => Signatures.Count == 0 ? "未签名：文件中没有数字签名"
        : Signatures.Any(s => !s.Valid) ? "无效：签名后内容被修改或签名损坏"
        : !Signatures[^1].CoversWholeDocument ? "无效：最后一个签名之后文件又被修改"
        : "有效：所有签名有效，签名后未被修改";
}

/// <summary>Checks a PDF someone holds: every signature in it, and whether anything changed after signing.</summary>
public static class DocumentVerification
{
    public const long MaxBytes = 50 * 1024 * 1024;

    public static VerificationReport Verify(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new WorkflowException(WorkflowErrorKind.NotFound, $"文件 {path} 不存在", "file");
        if (info.Length > MaxBytes) throw new WorkflowException(WorkflowErrorKind.Invalid, $"文件过大（{info.Length / 1024 / 1024} MB），上限 50 MB", "file");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 5 || System.Text.Encoding.ASCII.GetString(bytes, 0, 5) != "%PDF-")
            throw new WorkflowException(WorkflowErrorKind.Invalid, "不是 PDF 文件", "file");
        return new VerificationReport(path, bytes.Length, PdfSignatureVerifier.Verify(bytes));
    }
}
