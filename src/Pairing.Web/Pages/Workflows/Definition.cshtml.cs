using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Definitions;
using Pairing.Application.Errors;

namespace Pairing.Web.Pages.Workflows;

/// <summary>One published version drawn as a state diagram, with its plan basis, targets and rules in words and each
/// state's task, actions, timers and reports.</summary>
public sealed class DefinitionModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Version { get; set; }
    public DefinitionDescription? Description { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Description = await mediator.Send(new DescribeDefinition.Query(Id, Version), ct);
            return Page();
        }
        catch (PairingException)
        {
            return NotFound();
        }
    }
}
