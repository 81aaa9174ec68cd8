using Pairing.Application.Agreements;
using Pairing.Application.Errors;

namespace Pairing.Web.Api;

/// <summary>Reads the evidence files of a posted form (field "evidence"); an oversized file is refused before it is
/// read into memory. Content checks happen in the application layer, before anything is saved.</summary>
public static class EvidenceForm
{
    /// <summary>Five files of 10 MB and the form's text around them. Limit describes it in words.</summary>
    public const long MaxRequestBytes = Evidence.MaxFiles * Evidence.MaxBytes + 1024 * 1024;
    public const string Limit = "佐证文件最多 5 个，每个不能超过 10 MB";

    public static async Task<List<EvidenceUpload>> ReadAsync(IFormFileCollection files, CancellationToken ct)
    {
        var uploads = new List<EvidenceUpload>();
        // A browser sends an empty, nameless part when no file was chosen; a named empty file is the user's and is checked.
        foreach (var file in files.Where(f => f.Name == "evidence" && (f.Length > 0 || f.FileName.Length > 0)))
        {
            if (file.Length > Evidence.MaxBytes)
                throw new PairingException(ErrorKind.Invalid, $"{file.FileName} 超过 {Evidence.MaxBytes / 1024 / 1024} MB 上限", "evidence");
            using var stream = new MemoryStream();
            await file.CopyToAsync(stream, ct);
            uploads.Add(new EvidenceUpload(file.FileName, stream.ToArray()));
        }
        return uploads;
    }

    /// <summary>The client's idempotency key, required on every action so that a retried request changes nothing.</summary>
    public static string? IdempotencyKey(HttpRequest request) =>
        request.Headers["Idempotency-Key"].FirstOrDefault() is { Length: > 0 and <= 100 } key ? key : null;
}
