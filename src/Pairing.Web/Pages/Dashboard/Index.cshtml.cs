using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application;
using Pairing.Application.Dashboard;
using Pairing.Domain.Programs;
using Pairing.Workflows.Runtime;

namespace Pairing.Web.Pages.Dashboard;

/// <summary>看板: each program's target against reality for the city, overdue reports by county, agreements by state.</summary>
public sealed class DashboardModel(PairingApp app) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    public DashboardData? Data { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Data = await app.Dashboard.ForAsync(User.Identity!.Name!, string.IsNullOrWhiteSpace(County) ? null : County, ct);
            return Page();
        }
        catch (WorkflowException ex) when (ex.Kind == WorkflowErrorKind.Forbidden)
        {
            return Forbid();
        }
        catch (WorkflowException ex) when (ex.Kind == WorkflowErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    /// <summary>The per-lead target: the labour program's minimum number of partner schools.</summary>
    public static int LeadTarget(ComplianceResult result) => result.Details.Count == 0 ? 0 : result.Details[0].Goal;

    /// <summary>A lead's note without the partner count the bar already shows.</summary>
    public static string StagesOf(ComplianceDetail detail) => detail.Note.Split('，', 2) is [_, var stages] ? stages : detail.Note;
}
