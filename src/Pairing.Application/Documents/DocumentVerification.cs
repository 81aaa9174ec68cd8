using Pairing.Workflows.Runtime;
using Pairing.Application.Errors;

namespace Pairing.Application.Documents;

/// <summary>What every host checks before a presented file reaches the verifier: that it exists, is at most 50 MB and
/// starts like a PDF, each with its own message.</summary>
public static class DocumentVerification
{
    public const long MaxBytes = 50 * 1024 * 1024;

    public static byte[] ReadPdf(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new PairingException(ErrorKind.NotFound, $"文件 {path} 不存在", "file");
        if (info.Length > MaxBytes) throw new PairingException(ErrorKind.Invalid, $"文件过大（{info.Length / 1024 / 1024} MB），上限 50 MB", "file");
        var bytes = File.ReadAllBytes(path);
        return IsPdf(bytes) ? bytes : throw new PairingException(ErrorKind.Invalid, "不是 PDF 文件", "file");
    }

    public static bool IsPdf(byte[] bytes) => bytes.Length >= 5 && System.Text.Encoding.ASCII.GetString(bytes, 0, 5) == "%PDF-";
}
