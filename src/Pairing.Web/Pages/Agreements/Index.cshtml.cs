using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pairing.Application.Agreements;
using Pairing.Application.Lists;
using Pairing.Web.Lists;

namespace Pairing.Web.Pages.Agreements;

/// <summary>协议: the agreements this user may see — filtered by program, state, county, year and a search, sorted by
/// a column, one page at a time; the dashboard's drill-down adds a day (live) and an institution or county in a role.
/// Everything is in the query string, and the Excel export takes the same one.</summary>
public sealed class AgreementsIndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Program { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? County { get; set; }
    [BindProperty(SupportsGet = true)] public string? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? City { get; set; }
    [BindProperty(SupportsGet = true)] public string? Institution { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public string? Live { get; set; }
    [BindProperty(SupportsGet = true, Name = ListLinks.SortKey)] public string? SortColumn { get; set; }
    [BindProperty(SupportsGet = true, Name = ListLinks.DirKey)] public string? SortDirection { get; set; }
    // Not bound: Razor Pages reserves the route value "page" for the page's own path.
    public string? PageNumber => Request.Query[ListLinks.PageKey];
    [BindProperty(SupportsGet = true, Name = ListLinks.SizeKey)] public string? PageSize { get; set; }

    public PageOf<AgreementSummary> Agreements { get; private set; } = new([], 0, 1, PageRequest.DefaultSize);
    public AgreementChoices Choices { get; private set; } = new([], [], [], [], []);
    public SortOrder Sort { get; private set; } = new(ListAgreements.ByNumber);
    public ListLinks Links { get; private set; } = new("/agreements", []);
    public DateOnly? LiveDay { get; private set; }

    /// <summary>What the dashboard's drill-down narrowed the list to, in words (null when it did not).</summary>
    public string? Narrowing { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Links = ListLinks.Of(Request);
        Choices = await mediator.Send(new AgreementListOptions.Query(User.Identity!.Name!), ct);
        Sort = SortOrder.Of(SortColumn, SortDirection, ListAgreements.SortColumns, ListAgreements.ByNumber);
        LiveDay = DateOnly.TryParseExact(Live, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        Agreements = await mediator.Send(new ListAgreements.PageQuery(User.Identity!.Name!, Filter(), Sort, PageRequest.Of(Int(PageNumber), Int(PageSize))), ct);
        Narrowing = Describe(Agreements.Items);
    }

    /// <summary>「清远市第一中学作为牵头校参与的、2027年7月31日当日计入达标统计（…）的」. The names come from the page's rows:
    /// every row of a narrowed list has the institution or role in question.</summary>
    private string? Describe(IReadOnlyList<AgreementSummary> all)
    {
        var parts = new List<string>();
        var role = Empty(Role);
        var roleTitle = role is null ? null : all.SelectMany(a => a.Parties).FirstOrDefault(p => p.Role == role)?.RoleTitle ?? "相应角色";
        if (Empty(Institution) is { } code)
        {
            var name = all.SelectMany(a => a.Parties).FirstOrDefault(p => p.Code == code)?.Name ?? "所选学校";
            parts.Add(roleTitle is null ? $"{name}参与的" : $"{name}作为{roleTitle}参与的");
        }
        else if (roleTitle is not null)
        {
            var county = Choices.Counties.FirstOrDefault(c => c.Value == Empty(County) || c.Title == Empty(County))?.Title;
            parts.Add(county is null ? $"有{roleTitle}的" : $"{roleTitle}在{county}的");
        }
        if (LiveDay is { } day) parts.Add($"{Application.Documents.ChineseDates.Date(day)}当日计入达标统计（已签署、在期限内、未提前结束）的");
        return parts.Count == 0 ? null : string.Join("、", parts);
    }

    public AgreementFilter Filter() => new(Empty(Program), Empty(State), Empty(County), Int(Year), Empty(Search), Empty(City), Empty(Institution), Empty(Role), LiveDay);

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
