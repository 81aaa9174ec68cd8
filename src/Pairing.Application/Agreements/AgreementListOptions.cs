using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Data;

namespace Pairing.Application.Agreements;

/// <summary>A choice in a list's filter: the value sent in the query string and the Chinese name shown.</summary>
public sealed record FilterChoice(string Value, string Title);

/// <summary>What the agreement list's dropdowns offer this user, all in Chinese: the programs of its city, the states
/// of their lifecycles (in lifecycle order), the counties of the parties of agreements it may see, and the years those
/// agreements run in; and for the report list the states of reports and evaluations, by title (a report's 待提交 and an
/// evaluation's 待评估 share a state id).</summary>
public sealed record AgreementChoices(IReadOnlyList<FilterChoice> Programs, IReadOnlyList<FilterChoice> States, IReadOnlyList<FilterChoice> Counties,
    IReadOnlyList<int> Years, IReadOnlyList<FilterChoice> ReportStates);

public static class AgreementListOptions
{
    public sealed record Query(string User) : IRequest<AgreementChoices>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs) : IRequestHandler<Query, AgreementChoices>
    {
        public async Task<AgreementChoices> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var published = await programs.ProgramsAsync(AgreementPolicy.CityReach(account, null), ct);
            var programChoices = published.DistinctBy(p => p.Program).Select(p => new FilterChoice(p.Program, p.Title)).ToList();
            var order = await ListAgreements.StateOrderAsync(programs, ct);
            var states = published.SelectMany(p => p.Definition.States).DistinctBy(s => s.Id)
                .OrderBy(s => order.GetValueOrDefault(s.Id, int.MaxValue)).Select(s => new FilterChoice(s.Id, s.Title)).ToList();

            var visible = AgreementPolicy.Visible(db, account).AsNoTracking();
            var countyCodes = await visible.SelectMany(a => a.Parties)
                .Join(db.Institutions, p => p.InstitutionId, i => i.Id, (p, i) => i.CountyCode).Where(c => c != null).Distinct().ToListAsync(ct);
            var counties = await db.Counties.AsNoTracking().Where(c => countyCodes.Contains(c.Code)).ToListAsync(ct);
            var cities = await db.Cities.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
            // Several cities (a province administrator): the city's name tells two 城区 apart.
            var manyCities = counties.Select(c => c.CityCode).Distinct().Count() > 1;
            var countyChoices = counties.OrderBy(c => c.CityCode, StringComparer.Ordinal).ThenBy(c => c.AdminCode, StringComparer.Ordinal)
                .Select(c => new FilterChoice(c.Code, manyCities ? $"{cities.GetValueOrDefault(c.CityCode)} · {c.Name}" : c.Name)).ToList();

            var terms = await visible.Select(a => new { a.TermStart, a.TermEnd }).ToListAsync(ct);
            var years = terms.Count == 0 ? [] : Enumerable.Range(terms.Min(t => t.TermStart.Year),
                terms.Max(t => t.TermEnd.Year) - terms.Min(t => t.TermStart.Year) + 1).Reverse().ToList();
            var cycleStates = (await programs.LatestDefinitionsAsync(ct)).Where(d => ProgramInfo.Of(d) is null).SelectMany(d => d.States).ToList();
            var reportStates = cycleStates.DistinctBy(s => s.Title).Select(s => new FilterChoice(s.Title, s.Title)).ToList();
            // A state reports and evaluations share under different names (已逾期, 评估逾期) is also offered as one choice.
            reportStates.AddRange(cycleStates.GroupBy(s => s.Id).Where(g => g.Select(s => s.Title).Distinct().Count() > 1)
                .Select(g => new FilterChoice(g.Key, string.Join("或", g.Select(s => s.Title).Distinct().Order(StringComparer.Ordinal)))));
            return new AgreementChoices(programChoices, states, countyChoices, years, reportStates);
        }
    }
}
