using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Data;

namespace Pairing.Application.Indicators;

/// <summary>One indicator summed and averaged over a set of values.</summary>
public sealed record IndicatorFigure(string Key, string Label, decimal Sum, decimal Average, int Values);

/// <summary>One indicator of one program: city total, and the same per county and per agreement.</summary>
public sealed record IndicatorTotal(string Program, string ProgramTitle, string Name, string Title, string? Unit, string Type,
    IndicatorFigure City, IReadOnlyList<IndicatorFigure> Counties, IReadOnlyList<IndicatorFigure> Agreements);

public sealed record IndicatorReport(string City, DateOnly? From, DateOnly? To, bool AcceptedOnly, IReadOnlyList<IndicatorTotal> Indicators);

/// <summary>指标汇总: the typed indicators of reports and evaluations, summed and averaged per agreement, county and city,
/// for the reports whose period starts within [From, To] (any period when open). Only values the bureau accepted
/// count unless pending ones are asked for. An agreement with parties in two counties appears under each of them;
/// the city figure counts it once. Bureaus only; a county bureau sees its own county's agreements.</summary>
public static class SummarizeIndicators
{
    public sealed record Query(string? User, string? City, string? Program = null, DateOnly? From = null, DateOnly? To = null, string? County = null,
        bool IncludePending = false) : IRequest<IndicatorReport>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs) : IRequestHandler<Query, IndicatorReport>
    {
        public async Task<IndicatorReport> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var city = request.City;
            var county = request.County;
            if (request.User is { } user)
            {
                var (account, _) = await ActorDirectory.ResolveAsync(db, user, ct);
                AgreementPolicy.EnsureBureau(account, "只有教育局和管理员可以查看指标汇总");
                city = AgreementPolicy.CityReach(account, city) ?? city;
                county = AgreementPolicy.CountyReach(account, county);
            }
            if (city is null) throw new PairingException(ErrorKind.Invalid, "请指定城市", "city");
            if (request.From is { } f && request.To is { } t && t < f)
                throw new PairingException(ErrorKind.Invalid, $"结束日期 {t:yyyy-MM-dd} 早于开始日期 {f:yyyy-MM-dd}", "to");

            var agreements = await db.Agreements.AsNoTracking().Include(a => a.Parties)
                .Where(a => a.CityCode == city && (request.Program == null || a.Program == request.Program)).ToListAsync(ct);
            var ids = agreements.Select(a => a.Id).ToList();
            var values = (await db.IndicatorValues.AsNoTracking().Where(v => ids.Contains(v.AgreementId) && v.Number != null).ToListAsync(ct))
                .Where(v => request.IncludePending || v.Accepted)
                .Where(v => (request.From is not { } from || v.PeriodStart >= from) && (request.To is not { } to || v.PeriodStart <= to)).ToList();
            var institutionIds = agreements.SelectMany(a => a.Parties).Select(p => p.InstitutionId).Distinct().ToList();
            var countyOf = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id) && i.CityCode == city)
                .ToDictionaryAsync(i => i.Id, i => i.CountyCode, ct);
            var countyNames = await db.Counties.AsNoTracking().Where(c => c.CityCode == city).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
            var countiesOf = agreements.ToDictionary(a => a.Id,
                a => a.Parties.Select(p => countyOf.GetValueOrDefault(p.InstitutionId)).OfType<string>().Distinct().ToList());
            if (county is not null) values = values.Where(v => countiesOf[v.AgreementId].Contains(county)).ToList();
            var byId = agreements.ToDictionary(a => a.Id);
            var titles = (await programs.ProgramsAsync(city, ct)).ToDictionary(p => p.Program, p => p.Title);

            var totals = values.GroupBy(v => (byId[v.AgreementId].Program, v.Name)).OrderBy(g => g.Key.Program).ThenBy(g => g.Key.Name).Select(g =>
            {
                var first = g.First();
                return new IndicatorTotal(g.Key.Program, titles.GetValueOrDefault(g.Key.Program, g.Key.Program), g.Key.Name, first.Title, first.Unit, first.Type,
                    Figure(city, "全市", g),
                    countiesOf.Values.SelectMany(c => c).Distinct().Where(c => county is null || c == county).OrderBy(c => c)
                        .Select(c => Figure(c, countyNames.GetValueOrDefault(c, c), g.Where(v => countiesOf[v.AgreementId].Contains(c))))
                        .Where(x => x.Values > 0).ToList(),
                    g.GroupBy(v => v.AgreementId).Select(a => Figure(byId[a.Key].Number, byId[a.Key].Title, a)).OrderBy(x => x.Key).ToList());
            }).ToList();
            return new IndicatorReport(city, request.From, request.To, !request.IncludePending, totals);
        }

        private static IndicatorFigure Figure(string key, string label, IEnumerable<Domain.Agreements.IndicatorValue> values)
        {
            var numbers = values.Select(v => v.Number!.Value).ToList();
            return new IndicatorFigure(key, label, numbers.Sum(), numbers.Count == 0 ? 0 : Math.Round(numbers.Average(), 2), numbers.Count);
        }
    }
}
