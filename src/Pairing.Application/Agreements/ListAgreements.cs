using System.Linq.Expressions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Compliance;
using Pairing.Application.Lists;
using Pairing.Data;
using Pairing.Data.Search;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>协议列表: the agreements this user may see, filtered (see <see cref="AgreementFilter"/>) and sorted. The
/// access check, every filter, the order, the page and the total run in the database; summaries are built only for
/// the rows returned. <see cref="PageQuery"/> gives one page with the total, <see cref="Query"/> every row (an export
/// writes the same list), read in chunks.</summary>
public static class ListAgreements
{
    public const string ByNumber = "number", ByTitle = "title", ByState = "state", ByStart = "start";

    public static readonly string[] SortColumns = [ByNumber, ByTitle, ByState, ByStart];

    /// <summary>Rows are summarised this many at a time, so no query carries more parameters than that.</summary>
    private const int Chunk = 500;

    public sealed record Query(string User, AgreementFilter Filter, SortOrder? Sort = null) : IRequest<IReadOnlyList<AgreementSummary>>;

    public sealed record PageQuery(string User, AgreementFilter Filter, SortOrder? Sort, PageRequest Page) : IRequest<PageOf<AgreementSummary>>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, ProgramDirectory programs, ComplianceCalculator calculator)
        : IRequestHandler<Query, IReadOnlyList<AgreementSummary>>, IRequestHandler<PageQuery, PageOf<AgreementSummary>>
    {
        public async Task<IReadOnlyList<AgreementSummary>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var ids = await (await MatchingAsync(db, request.User, request.Filter, request.Sort, ct)).ToListAsync(ct);
            var result = new List<AgreementSummary>(ids.Count);
            foreach (var chunk in ids.Chunk(Chunk)) result.AddRange(await SummariesAsync(db, chunk, ct));
            return result;
        }

        public async Task<PageOf<AgreementSummary>> Handle(PageQuery request, CancellationToken ct)
        {
            await using var db = database.Create();
            var matching = await MatchingAsync(db, request.User, request.Filter, request.Sort, ct);
            var total = await matching.CountAsync(ct);
            // A page past the end shows the last one.
            var pages = Math.Max(1, (total + request.Page.Size - 1) / request.Page.Size);
            var number = Math.Min(request.Page.Number, pages);
            var ids = total == 0 ? [] : await matching.Skip((number - 1) * request.Page.Size).Take(request.Page.Size).ToArrayAsync(ct);
            return new PageOf<AgreementSummary>(await SummariesAsync(db, ids, ct), total, number, request.Page.Size);
        }

        private async Task<List<AgreementSummary>> SummariesAsync(PairingDbContext db, Guid[] ids, CancellationToken ct)
        {
            if (ids.Length == 0) return [];
            var agreements = await db.Agreements.AsNoTracking().Include(a => a.Parties).Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            var summaries = await AgreementReads.SummariesAsync(db, definitions, ids.Select(id => agreements[id]).ToList(), ct);
            return summaries;
        }

        /// <summary>The ids of the agreements the user may see that match the filter, in the list's order.</summary>
        private async Task<IQueryable<Guid>> MatchingAsync(PairingDbContext db, string user, AgreementFilter filter, SortOrder? sortOrder, CancellationToken ct)
        {
            var (account, _) = await ActorDirectory.ResolveAsync(db, user, ct);
            var query = AgreementPolicy.Visible(db, account).AsNoTracking();
            if (filter.City is { } city) query = query.Where(a => a.CityCode == city);
            if (filter.Program is { } program) query = query.Where(a => a.Program == program);
            if (filter.Year is int year)
            {
                var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
                query = query.Where(a => a.TermStart <= last && a.TermEnd >= first);
            }
            if (filter.Search is { } search) query = AgreementTextSearch.Containing(query, db, database.Provider, search);
            var role = filter.Role;
            if (filter.Institution is { } code)
                query = query.Where(a => db.AgreementParties.Where(p => p.InstitutionCode == code && (role == null || p.Role == role)).Select(p => p.AgreementId)
                    .Contains(a.Id));
            if (filter.County is { } countyText)
            {
                // The dropdown sends the code; a county's name typed into the address works too.
                var found = await db.Counties.AsNoTracking().Where(c => c.Code == countyText || c.Name == countyText || c.AdminCode == countyText)
                    .Select(c => new { c.Code, c.CityCode }).FirstOrDefaultAsync(ct);
                var (county, countyCity) = (found?.Code ?? countyText, found?.CityCode);
                // The county's institutions by the (city, county) index, then their parties by institution code.
                var institutions = db.Institutions.Where(i => i.CityCode == countyCity && i.CountyCode == county).Select(i => i.Code);
                query = query.Where(a => db.AgreementParties.Where(p => (role == null || p.Role == role) && institutions.Contains(p.InstitutionCode))
                    .Select(p => p.AgreementId).Contains(a.Id));
            }
            else if (role is not null && filter.Institution is null) query = query.Where(a => a.Parties.Any(p => p.Role == role));
            // Live on a day is decided exactly as the targets count it.
            if (filter.Live is { } day) query = query.Where(calculator.LiveOn(day));

            var sort = sortOrder ?? new SortOrder(ByNumber);
            var postgres = database.Provider == DatabaseProvider.Postgres;
            if (filter.State is null && sort.Column != ByState)
            {
                // Neither the filter nor the order needs the workflow state: the agreements alone, without the join.
                Expression<Func<Agreement, string>> byNumber = postgres ? a => EF.Functions.Collate(a.Number, "C") : a => a.Number;
                Expression<Func<Agreement, string>> byTitle = postgres ? a => EF.Functions.Collate(a.Title, "C") : a => a.Title;
                var plain = sort.Column switch
                {
                    ByTitle => OrderBy(query, byTitle, sort.Descending).ThenBy(byNumber),
                    ByStart => OrderBy(query, a => a.TermStart, sort.Descending).ThenBy(byNumber),
                    _ => OrderBy(query, byNumber, sort.Descending),
                };
                return plain.Select(a => a.Id);
            }

            var rows = from a in query join i in db.Instances on a.InstanceId equals i.Id select new ListedRow { Agreement = a, Definition = i.DefinitionId, State = i.State };
            var published = await programs.ProgramsAsync(null, ct);
            // A state is chosen by id (the dropdown) or by its Chinese title (a link or an address typed by hand).
            if (filter.State is { } state) rows = rows.Where(StateIs(state, published));

            // Ordinal order on both databases: PostgreSQL's "C" collation compares as SQLite's default BINARY does.
            Expression<Func<ListedRow, string>> number = postgres ? r => EF.Functions.Collate(r.Agreement.Number, "C") : r => r.Agreement.Number;
            Expression<Func<ListedRow, string>> title = postgres ? r => EF.Functions.Collate(r.Agreement.Title, "C") : r => r.Agreement.Title;
            var ordered = sort.Column switch
            {
                ByTitle => Order(rows, title, sort.Descending).ThenBy(number),
                ByState => Order(rows, StateRank(StateOrder(published)), sort.Descending).ThenBy(number),
                ByStart => Order(rows, r => r.Agreement.TermStart, sort.Descending).ThenBy(number),
                _ => Order(rows, number, sort.Descending),
            };
            return ordered.Select(r => r.Agreement.Id);
        }

        private static IOrderedQueryable<ListedRow> Order<TKey>(IQueryable<ListedRow> rows, Expression<Func<ListedRow, TKey>> key, bool descending) =>
            descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

        private static IOrderedQueryable<Agreement> OrderBy<TKey>(IQueryable<Agreement> rows, Expression<Func<Agreement, TKey>> key, bool descending) =>
            descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
    }

    /// <summary>An agreement with its instance's definition and state, as the list filters and sorts it.</summary>
    private sealed class ListedRow
    {
        public Agreement Agreement { get; init; } = null!;
        public string Definition { get; init; } = "";
        public string State { get; init; } = "";
    }

    /// <summary>The state is the given id, or a state whose Chinese title is the given text in the definition the
    /// agreement runs on (two programs may name one state differently).</summary>
    private static Expression<Func<ListedRow, bool>> StateIs(string state, IReadOnlyList<ProgramInfo> programs)
    {
        var row = Expression.Parameter(typeof(ListedRow), "r");
        var stateOf = Expression.Property(row, nameof(ListedRow.State));
        var definitionOf = Expression.Property(row, nameof(ListedRow.Definition));
        Expression test = Expression.Equal(stateOf, Expression.Constant(state));
        foreach (var program in programs)
            foreach (var s in program.Definition.States.Where(s => s.Title == state && s.Id != state))
                test = Expression.OrElse(test, Expression.AndAlso(
                    Expression.Equal(definitionOf, Expression.Constant(program.Definition.Id)), Expression.Equal(stateOf, Expression.Constant(s.Id))));
        return Expression.Lambda<Func<ListedRow, bool>>(test, row);
    }

    /// <summary>A state's place in the lifecycle as a CASE the database evaluates; unknown states sort last.</summary>
    private static Expression<Func<ListedRow, int>> StateRank(Dictionary<string, int> order)
    {
        var row = Expression.Parameter(typeof(ListedRow), "r");
        var stateOf = Expression.Property(row, nameof(ListedRow.State));
        Expression rank = Expression.Constant(int.MaxValue);
        foreach (var (state, place) in order.OrderByDescending(o => o.Value))
            rank = Expression.Condition(Expression.Equal(stateOf, Expression.Constant(state)), Expression.Constant(place), rank);
        return Expression.Lambda<Func<ListedRow, int>>(rank, row);
    }

    /// <summary>Each state's place in the lifecycle (草稿 before 审核 before 履行中…), so sorting by state follows the
    /// workflow rather than the alphabet.</summary>
    private static Dictionary<string, int> StateOrder(IReadOnlyList<ProgramInfo> programs)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var program in programs)
            for (var i = 0; i < program.Definition.States.Count; i++)
                order[program.Definition.States[i].Id] = Math.Min(order.GetValueOrDefault(program.Definition.States[i].Id, int.MaxValue), i);
        return order;
    }

    public static async Task<Dictionary<string, int>> StateOrderAsync(ProgramDirectory programs, CancellationToken ct) =>
        StateOrder(await programs.ProgramsAsync(null, ct));
}
