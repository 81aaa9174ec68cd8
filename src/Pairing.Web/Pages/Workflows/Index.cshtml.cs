using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Catalog;

namespace Pairing.Web.Pages.Workflows;

/// <summary>流程: every published definition and version, with how many instances run on it.</summary>
public sealed class WorkflowsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<PublishedDefinition> Definitions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Definitions = await mediator.Send(new ListDefinitions.Query(), ct);
}
