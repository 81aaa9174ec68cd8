using System.Linq.Expressions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Lists;
using Pairing.Data;
using Pairing.Domain.Registry;

namespace Pairing.Application.Registry;

/// <summary>The registry as a user sees it: its own city's institutions (every city for a province administrator, or
/// for the operator without a user), filtered by city, county, tag and a search in name or code; with the counties to
/// filter by, and whether the user may import. Institutions are every match, or one page of them when a page was
/// asked for (Total counts every match; PageNumber is the page shown, the last one when asked past the end).</summary>
public sealed record RegistryView(IReadOnlyList<Institution> Institutions, IReadOnlyList<County> Counties, bool CanImport, TagVocabulary Tags,
    int Total, int PageNumber = 1);

public static class ListInstitutions
{
    public const string ByCode = "code", ByName = "name", ByCounty = "county";

    public static readonly string[] SortColumns = [ByCode, ByName, ByCounty];

    /// <summary>County: a county's code or name. Sort: by code (default), name or county. Page: only that page, filtered,
    /// ordered and counted in the database; without it every match (exports, the command line).</summary>
    public sealed record Query(string? User, string? City = null, string? County = null, string? Tag = null, string? Search = null, SortOrder? Sort = null,
        PageRequest? Page = null)
        : IRequest<RegistryView>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs) : IRequestHandler<Query, RegistryView>
    {
        public async Task<RegistryView> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var city = request.City;
            var canImport = request.User is null;
            if (request.User is { } user)
            {
                var (account, _) = await ActorDirectory.ResolveAsync(db, user, ct);
                city = AgreementPolicy.CityReach(account, city);
                canImport = AgreementPolicy.MayImport(account);
            }
            var counties = await db.Counties.AsNoTracking().Where(c => city == null || c.CityCode == city).OrderBy(c => c.AdminCode).ToListAsync(ct);
            var query = db.Institutions.AsNoTracking();
            if (city is not null) query = query.Where(i => i.CityCode == city);
            if (!string.IsNullOrWhiteSpace(request.County))
            {
                var county = counties.FirstOrDefault(c => c.Code == request.County || c.Name == request.County || c.AdminCode == request.County)?.Code ?? request.County;
                query = query.Where(i => i.CountyCode == county);
            }
            if (!string.IsNullOrWhiteSpace(request.Search)) query = query.Where(i => i.Name.Contains(request.Search) || i.Code.Contains(request.Search));
            if (!string.IsNullOrWhiteSpace(request.Tag)) query = query.Where(i => i.Tags.Contains(request.Tag));
            var ordered = Ordered(db, query, request.Sort ?? new SortOrder(ByCode));
            var tags = await programs.TagsAsync(ct);
            if (request.Page is not { } page)
            {
                var all = await ordered.ToListAsync(ct);
                return new RegistryView(all, counties, canImport, tags, all.Count);
            }
            var total = await query.CountAsync(ct);
            var number = Math.Min(page.Number, Math.Max(1, (total + page.Size - 1) / page.Size));
            var rows = await ordered.Skip((number - 1) * page.Size).Take(page.Size).ToListAsync(ct);
            return new RegistryView(rows, counties, canImport, tags, total, number);
        }

        /// <summary>The order the list shows, always ending with the code so pages never overlap. Codes and names compare
        /// ordinally on both databases (PostgreSQL under the "C" collation); by county is the counties' administrative
        /// code order, institutions without a county last.</summary>
        private IQueryable<Institution> Ordered(PairingDbContext db, IQueryable<Institution> query, SortOrder sort)
        {
            var postgres = database.Provider == DatabaseProvider.Postgres;
            Expression<Func<Institution, string>> code = postgres ? i => EF.Functions.Collate(i.Code, "C") : i => i.Code;
            Expression<Func<Institution, string>> name = postgres ? i => EF.Functions.Collate(i.Name, "C") : i => i.Name;
            var counties = db.Counties;
            Expression<Func<Institution, string?>> county = i => counties.Where(c => c.Code == i.CountyCode).Select(c => c.AdminCode).FirstOrDefault();
            Expression<Func<Institution, bool>> noCounty = i => counties.Where(c => c.Code == i.CountyCode).Select(c => c.AdminCode).FirstOrDefault() == null;
            var desc = sort.Descending;
            return sort.Column switch
            {
                ByName => (desc ? query.OrderByDescending(name) : query.OrderBy(name)).ThenBy(code),
                ByCounty => (desc ? query.OrderByDescending(noCounty).ThenByDescending(county) : query.OrderBy(noCounty).ThenBy(county)).ThenBy(code),
                _ => desc ? query.OrderByDescending(code) : query.OrderBy(code),
            };
        }
    }
}
