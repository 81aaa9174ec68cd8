using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Documents;

namespace Pairing.Web.Pages.Verify;

/// <summary>The trust anchors verification uses, published so anyone can trust them in their own reader: the page
/// explains how, /verify/ca.pem and /verify/ca.crt serve the local CA's certificate.</summary>
public sealed class VerifyCaModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<TrustAnchorView> Roots { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Roots = (await mediator.Send(new ShowTrustAnchors.Query(), ct)).Roots;
}
