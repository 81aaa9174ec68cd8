using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Compliance;
using Pairing.Application.Lists;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>协议列表: the agreements this user may see, filtered (see <see cref="AgreementFilter"/>) and sorted — all
/// of them, so a page shows a slice and an export writes every row of the same list.</summary>
public static class ListAgreements
{
    public const string ByNumber = "number", ByTitle = "title", ByState = "state", ByStart = "start";

    public static readonly string[] SortColumns = [ByNumber, ByTitle, ByState, ByStart];

    public sealed record Query(string User, AgreementFilter Filter, SortOrder? Sort = null) : IRequest<IReadOnlyList<AgreementSummary>>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, ProgramDirectory programs, ComplianceCalculator calculator)
        : IRequestHandler<Query, IReadOnlyList<AgreementSummary>>
    {
        public async Task<IReadOnlyList<AgreementSummary>> Handle(Query request, CancellationToken ct)
        {
            var filter = request.Filter;
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var query = AgreementPolicy.Visible(db, account).AsNoTracking().Include(a => a.Parties).AsQueryable();
            if (filter.City is { } city) query = query.Where(a => a.CityCode == city);
            if (filter.Program is { } program) query = query.Where(a => a.Program == program);
            if (filter.Year is int year) query = query.Where(a => a.TermStart.Year <= year && a.TermEnd.Year >= year);
            if (filter.Search is { } search) query = query.Where(a => a.Title.Contains(search) || a.Number.Contains(search));
            var role = filter.Role;
            if (filter.Institution is { } code)
                query = query.Where(a => a.Parties.Any(p => p.InstitutionCode == code && (role == null || p.Role == role)));
            if (filter.County is { } countyText)
            {
                // The dropdown sends the code; a county's name typed into the address works too.
                var county = await db.Counties.AsNoTracking().Where(c => c.Code == countyText || c.Name == countyText || c.AdminCode == countyText)
                    .Select(c => c.Code).FirstOrDefaultAsync(ct) ?? countyText;
                query = query.Where(a => a.Parties.Any(p => (role == null || p.Role == role) &&
                    db.Institutions.Any(i => i.Id == p.InstitutionId && i.CountyCode == county)));
            }
            else if (role is not null && filter.Institution is null) query = query.Where(a => a.Parties.Any(p => p.Role == role));
            var agreements = await query.ToListAsync(ct);
            // Live on a day is decided exactly as the targets count it.
            if (filter.Live is { } day) agreements = agreements.Where(a => calculator.IsLive(a, day)).ToList();
            IEnumerable<AgreementSummary> summaries = await AgreementReads.SummariesAsync(db, definitions, agreements, ct);
            // A state is chosen by id (the dropdown) or by its Chinese title (a link or an address typed by hand).
            if (filter.State is { } state) summaries = summaries.Where(s => s.State == state || s.StateTitle == state);
            var order = await StateOrderAsync(programs, ct);
            var sort = request.Sort ?? new SortOrder(ByNumber);
            return sort.Column switch
            {
                ByTitle => Paging.Order(summaries, s => s.Title, sort.Descending, s => s.Number, StringComparer.Ordinal),
                ByState => Paging.Order(summaries, s => order.GetValueOrDefault(s.State, int.MaxValue), sort.Descending, s => s.Number),
                ByStart => Paging.Order(summaries, s => s.TermStart, sort.Descending, s => s.Number),
                _ => Paging.Order(summaries, s => s.Number, sort.Descending, s => s.Number, StringComparer.Ordinal),
            };
        }
    }

    /// <summary>Each state's place in the lifecycle (草稿 before 审核 before 履行中…), so sorting by state follows the
    /// workflow rather than the alphabet.</summary>
    public static async Task<Dictionary<string, int>> StateOrderAsync(ProgramDirectory programs, CancellationToken ct)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var program in await programs.ProgramsAsync(null, ct))
            for (var i = 0; i < program.Definition.States.Count; i++)
                order[program.Definition.States[i].Id] = Math.Min(order.GetValueOrDefault(program.Definition.States[i].Id, int.MaxValue), i);
        return order;
    }
}
