using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Dashboard;
using Pairing.Application.Errors;
using Pairing.Domain.Programs;
using Pairing.Web.Charts;
using Pairing.Web.Lists;

namespace Pairing.Web.Pages.Dashboard;

/// <summary>看板: each program's target against reality for the city or one county on a chosen day, each figure
/// linked to the agreements it counts; overdue reports by county and agreements by state, linked likewise. Schools
/// get 403.</summary>
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
    public static int LeadTarget(TargetFigure figure) => figure.Rows.Count == 0 ? 0 : figure.Rows[0].Detail.Goal;

    /// <summary>A lead's note without the partner count the bar already shows.</summary>
    public static string StagesOf(ComplianceDetail detail) => detail.Note.Split('，', 2) is [_, var stages] ? stages : detail.Note;

    public static string? Link(DrillDown? behind) => behind is null ? null : DrillLinks.Agreements(behind);

    /// <summary>Where a row of a target leads: its agreement, or the agreements counted for it.</summary>
    public static string? Link(TargetRow row) => row.Agreement is { } number ? $"/agreements/{Uri.EscapeDataString(number)}" : Link(row.Behind);

    public static (string Css, string Text) Badge(TargetFigure f) => f.Met switch
    {
        true => ("tag ok", "已达标"),
        false => ("tag danger", "未达标"),
        null => ("tag", "无统计对象"),
    };

    /// <summary>The main bar of a target, labelled with its scope (the county's name, or 全市 for a city-wide figure).</summary>
    public static IReadOnlyList<SvgBars.Bar> MainBar(TargetFigure f) => [new SvgBars.Bar(f.Scope, f.Actual, Met: f.Met, Href: Link(f.Behind))];

    public string CountyCode(string name) => Data!.Counties.FirstOrDefault(c => c.Name == name)?.Code ?? "";

    public string ExportUrl => new ListLinks("/api/v1/exports/compliance", []).Url(("county", Data!.County),
        ("asOf", Data.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}
