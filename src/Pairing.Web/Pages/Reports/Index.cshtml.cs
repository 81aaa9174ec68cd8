using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Lists;
using Pairing.Web.Lists;

namespace Pairing.Web.Pages.Reports;

/// <summary>报告: by default the reports and evaluations waiting for this user (a school's to submit, a bureau's to
/// review), overdue first; 全部 lists every report of the agreements it may see. Filtered, sorted and paged in the
/// query string; the Excel export takes the same one.</summary>
public sealed class ReportsModel(IMediator mediator) : PageModel
{
    public const string AllScope = "all";

    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Program { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = ListLinks.SortKey)] public string? SortColumn { get; set; }
    [BindProperty(SupportsGet = true, Name = ListLinks.DirKey)] public string? SortDirection { get; set; }
    // Not bound: Razor Pages reserves the route value "page" for the page's own path.
    public string? PageNumber => Request.Query[ListLinks.PageKey];
    [BindProperty(SupportsGet = true, Name = ListLinks.SizeKey)] public string? PageSize { get; set; }

    public PageOf<ReportRow> Reports { get; private set; } = new([], 0, 1, PageRequest.DefaultSize);
    public AgreementChoices Choices { get; private set; } = new([], [], [], [], []);
    public SortOrder Sort { get; private set; } = new(ListReports.ByDue);
    public ListLinks Links { get; private set; } = new("/reports", []);
    public bool All => Scope == AllScope;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Links = ListLinks.Of(Request);
        Choices = await mediator.Send(new AgreementListOptions.Query(User.Identity!.Name!), ct);
        Sort = SortOrder.Of(SortColumn, SortDirection, ListReports.SortColumns, ListReports.ByDue);
        var all = await mediator.Send(new ListReports.Query(User.Identity!.Name!, Filter(), Sort), ct);
        Reports = Paging.Slice(all, PageRequest.Of(Int(PageNumber), Int(PageSize)));
    }

    public ReportFilter Filter() => new(!All, Empty(Program), Empty(State), Empty(County), Empty(Search));

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
