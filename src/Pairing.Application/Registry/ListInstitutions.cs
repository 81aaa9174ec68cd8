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
/// filter by, and whether the user may import.</summary>
public sealed record RegistryView(IReadOnlyList<Institution> Institutions, IReadOnlyList<County> Counties, bool CanImport, TagVocabulary Tags);

public static class ListInstitutions
{
    public const string ByCode = "code", ByName = "name", ByCounty = "county";

    public static readonly string[] SortColumns = [ByCode, ByName, ByCounty];

    /// <summary>County: a county's code or name. Sort: by code (default), name or county.</summary>
    public sealed record Query(string? User, string? City = null, string? County = null, string? Tag = null, string? Search = null, SortOrder? Sort = null)
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
            var list = await query.ToListAsync(ct);
            if (!string.IsNullOrWhiteSpace(request.Tag)) list = list.Where(i => i.Tags.Contains(request.Tag)).ToList();
            var countyOrder = counties.Select((c, n) => (c.Code, n)).ToDictionary(x => x.Code, x => x.n);
            var sort = request.Sort ?? new SortOrder(ByCode);
            list = sort.Column switch
            {
                ByName => Paging.Order(list, i => i.Name, sort.Descending, i => i.Code, StringComparer.Ordinal),
                ByCounty => Paging.Order(list, i => i.CountyCode is { } c ? countyOrder.GetValueOrDefault(c, int.MaxValue) : int.MaxValue, sort.Descending, i => i.Code),
                _ => Paging.Order(list, i => i.Code, sort.Descending, i => i.Code, StringComparer.Ordinal),
            };
            return new RegistryView(list, counties, canImport, await programs.TagsAsync(ct));
        }
    }
}
