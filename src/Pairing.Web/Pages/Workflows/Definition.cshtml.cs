using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Runtime;

namespace Pairing.Web.Pages.Workflows;

/// <summary>One published version drawn as a state diagram, with its rule parameters and each state's tasks, actions,
/// timers and child workflows.</summary>
public sealed class DefinitionModel(PairingApp app) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Version { get; set; }
    public WorkflowDefinition? Definition { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await using var db = app.Db();
        try
        {
            Definition = await app.Definitions.GetAsync(Id, Version, ct);
            return Page();
        }
        catch (WorkflowException)
        {
            return NotFound();
        }
    }
}
