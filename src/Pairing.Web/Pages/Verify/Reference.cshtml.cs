using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Documents;

namespace Pairing.Web.Pages.Verify;

/// <summary>Where a document's QR code leads: what the system holds for that reference, without signing in.</summary>
public sealed class VerifyReferenceModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Revision { get; set; }
    [BindProperty(SupportsGet = true, Name = "h")] public string? Key { get; set; }
    public string Reference => AgreementDocuments.ReferenceOf(Number, Revision);
    public ReferenceStatus? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Status = await mediator.Send(new CheckReference.Query(Number, Revision, Key), ct);

    /// <summary>The signing certificate, for the holder of the document (the key printed in its QR code).</summary>
    public async Task<IActionResult> OnGetCertificateAsync(CancellationToken ct) =>
        await mediator.Send(new CheckReference.Certificate(Number, Revision, Key), ct) is { } file ? File(file.Bytes, file.ContentType, file.FileName) : NotFound();
}
