using Pairing.Application.Documents;

namespace Pairing.Web.Api;

/// <summary>Reads one uploaded PDF from a multipart form ("file"), within the size limit.</summary>
public static class Uploads
{
    public static async Task<(byte[]? Bytes, IResult? Problem)> ReadPdfAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return (null, Problems.Invalid("file", "请以 multipart/form-data 上传字段 file"));
        if (request.ContentLength > DocumentVerification.MaxBytes) return (null, Problems.Invalid("file", "文件过大，上限 50 MB"));
        var form = await request.ReadFormAsync();
        var file = form.Files["file"];
        if (file is null || file.Length == 0) return (null, Problems.Invalid("file", "没有收到文件"));
        if (file.Length > DocumentVerification.MaxBytes) return (null, Problems.Invalid("file", "文件过大，上限 50 MB"));
        using var stream = new MemoryStream();
        await file.CopyToAsync(stream);
        var bytes = stream.ToArray();
        if (!DocumentVerification.IsPdf(bytes)) return (null, Problems.Invalid("file", "不是 PDF 文件"));
        return (bytes, null);
    }
}
