using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Documents;
using Pairing.Web.Api;

namespace Pairing.Web.Pages.Verify;

/// <summary>验证: anyone uploads a PDF (an agreement or a signing certificate) and gets the one verdict the command line
/// and the API give: 真实有效且为最终版本, 签名有效但不是最终版本, or 无效 with the reason.</summary>
[BodyLimit(DocumentVerification.MaxBytes + 64 * 1024, "file", "文件不能超过 50 MB")]
public sealed class VerifyIndexModel(IMediator mediator) : PageModel
{
    public Verification? Result { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) { Error = "请选择要核验的 PDF 文件"; return; }
        if (file.Length > DocumentVerification.MaxBytes) { Error = "文件过大，上限 50 MB"; return; }
        using var stream = new MemoryStream();
        await file.CopyToAsync(stream, ct);
        var bytes = stream.ToArray();
        if (!DocumentVerification.IsPdf(bytes)) { Error = "不是 PDF 文件"; return; }
        Result = await mediator.Send(new VerifyDocument.Query(bytes), ct);
    }
}
