using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Workflows.Definitions;

namespace Pairing.Web.Pages.Workflows;

/// <summary>One published version drawn as a state diagram, with its rule parameters and each state's tasks, actions,
/// timers and child workflows.</summary>
public sealed class DefinitionModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Version { get; set; }
    public WorkflowDefinition? Definition { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Definition = await mediator.Send(new ShowDefinition.Query(Id, Version), ct);
            return Page();
        }
        catch (PairingException)
        {
            return NotFound();
        }
    }
}
