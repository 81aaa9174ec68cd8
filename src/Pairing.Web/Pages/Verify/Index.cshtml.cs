using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application;
using Pairing.Application.Documents;
using Pairing.Documents.Signing;

namespace Pairing.Web.Pages.Verify;

public sealed record VerifyResult(bool Authentic, string SignatureVerdict, string RecordVerdict, IReadOnlyList<SignatureCheck> Signatures);

/// <summary>验证: anyone uploads a PDF and sees whether its signatures hold and whether it is the agreement on record.</summary>
[RequestSizeLimit(DocumentVerification.MaxBytes + 64 * 1024)]
public sealed class VerifyIndexModel(PairingApp app) : PageModel
{
    public VerifyResult? Result { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) { Error = "请选择要核验的 PDF 文件"; return; }
        if (file.Length > DocumentVerification.MaxBytes) { Error = "文件过大，上限 50 MB"; return; }
        using var stream = new MemoryStream();
        await file.CopyToAsync(stream, ct);
        var bytes = stream.ToArray();
        if (bytes.Length < 5 || System.Text.Encoding.ASCII.GetString(bytes, 0, 5) != "%PDF-") { Error = "不是 PDF 文件"; return; }
        var check = await app.Documents.CheckAsync(file.FileName, bytes, ct);
        Result = new VerifyResult(check.Authentic, check.Report.Verdict, check.RecordVerdict, check.Report.Signatures);
    }
}
