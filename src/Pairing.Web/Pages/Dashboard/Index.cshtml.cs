using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Dashboard;
using Pairing.Application.Errors;
using Pairing.Domain.Programs;

namespace Pairing.Web.Pages.Dashboard;

/// <summary>看板: each program's target against reality for the city, overdue reports by county, agreements by state.</summary>
public sealed class DashboardModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AsOf { get; set; }
    public DashboardData? Data { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Data = await mediator.Send(new ShowDashboard.Query(User.Identity!.Name!, string.IsNullOrWhiteSpace(County) ? null : County, AsOf), ct);
            return Page();
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.Forbidden)
        {
            return Forbid();
        }
        catch (PairingException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    /// <summary>The per-lead target: the labour program's minimum number of partner schools.</summary>
    public static int LeadTarget(ComplianceResult result) => result.Details.Count == 0 ? 0 : result.Details[0].Goal;

    /// <summary>A lead's note without the partner count the bar already shows.</summary>
    public static string StagesOf(ComplianceDetail detail) => detail.Note.Split('，', 2) is [_, var stages] ? stages : detail.Note;
}
