using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Catalog;

namespace Pairing.Web.Pages.Agreements;

/// <summary>协议: the agreements this user may see, filtered by program, state, county and year, and searched.</summary>
public sealed class AgreementsIndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Program { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    public IReadOnlyList<AgreementSummary> Agreements { get; private set; } = [];
    public IReadOnlyList<ProgramView> Programs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Programs = await mediator.Send(new ListPrograms.Query(User.Identity!.Name!), ct);
        Agreements = await mediator.Send(new ListAgreements.Query(User.Identity!.Name!,
            new AgreementFilter(Empty(Program), Empty(State), Empty(County), Year, Empty(Search))), ct);
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
