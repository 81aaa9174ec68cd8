using System.Security.Cryptography;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Runtime;
using Pairing.Application.Errors;

namespace Pairing.Application.Agreements;

/// <summary>A file as uploaded, before it is checked.</summary>
public sealed record EvidenceUpload(string FileName, byte[] Content);

/// <summary>What evidence may be: at most five files of at most 10 MB each, of the kinds schools send (PDF, JPEG, PNG,
/// Word, Excel), recognised by their content as well as their name. All are checked before anything is saved.</summary>
public static class Evidence
{
    public const int MaxFiles = 5;
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly Dictionary<string, (string ContentType, byte[] Magic)> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF-"u8.ToArray()),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK"u8.ToArray()),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"u8.ToArray()),
    };

    /// <summary>The kinds as a user reads them.</summary>
    public const string Accepted = "PDF、Word、Excel 或图片（JPG、PNG）";

    public static List<EvidenceFile> Check(IReadOnlyList<EvidenceUpload> uploads, Guid agreementId, string cycle, string user, DateTime now)
    {
        if (uploads.Count > MaxFiles) throw new PairingException(ErrorKind.Invalid, $"最多上传 {MaxFiles} 个佐证文件，本次 {uploads.Count} 个", "evidence");
        var files = new List<EvidenceFile>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var u = uploads[i];
            var field = $"evidence[{i}]";
            var name = Path.GetFileName(u.FileName.Replace('\\', '/'));
            if (name.Length is 0 or > 200) throw new PairingException(ErrorKind.Invalid, "文件名为空或过长", field);
            if (u.Content.Length == 0) throw new PairingException(ErrorKind.Invalid, $"{name} 是空文件", field);
            if (u.Content.Length > MaxBytes)
                throw new PairingException(ErrorKind.Invalid, $"{name} 有 {u.Content.Length / 1024 / 1024.0:0.0} MB，超过 {MaxBytes / 1024 / 1024} MB 上限", field);
            if (!Kinds.TryGetValue(Path.GetExtension(name), out var kind))
                throw new PairingException(ErrorKind.Invalid, $"{name} 的类型不支持（可上传：{Accepted}）", field);
            if (!u.Content.AsSpan().StartsWith(kind.Magic))
                throw new PairingException(ErrorKind.Invalid, $"{name} 的内容与扩展名不符", field);
            files.Add(new EvidenceFile
            {
                Id = Guid.NewGuid(), AgreementId = agreementId, Cycle = cycle, FileName = name, ContentType = kind.ContentType,
                Size = u.Content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(u.Content)), Content = u.Content,
                UploadedBy = user, UploadedAt = now,
            });
        }
        return files;
    }
}
