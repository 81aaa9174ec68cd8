using Pairing.Application.Documents;

namespace Pairing.Web.Api;

/// <summary>Reads one uploaded PDF from a multipart form ("file"), within the size limit.</summary>
public static class Uploads
{
    /// <summary>The file and the few hundred bytes of the form around it.</summary>
    public static BodyLimitAttribute Limit => new(DocumentVerification.MaxBytes + 64 * 1024, "file", "文件不能超过 50 MB");

    private static IResult TooLarge => Problems.Invalid("file", "文件过大，上限 50 MB", StatusCodes.Status413PayloadTooLarge, "请求体过大");

    public static async Task<(byte[]? Bytes, IResult? Problem)> ReadPdfAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return (null, Problems.UnsupportedType(request, "multipart/form-data（字段 file）"));
        if (request.ContentLength > Limit.MaxRequestBodySize) return (null, TooLarge);
        var form = await request.ReadFormAsync();
        var file = form.Files["file"];
        if (file is null || file.Length == 0) return (null, Problems.Invalid("file", "没有收到文件"));
        if (file.Length > DocumentVerification.MaxBytes) return (null, TooLarge);
        using var stream = new MemoryStream();
        await file.CopyToAsync(stream);
        var bytes = stream.ToArray();
        if (!DocumentVerification.IsPdf(bytes)) return (null, Problems.Invalid("file", "不是 PDF 文件"));
        return (bytes, null);
    }
}
