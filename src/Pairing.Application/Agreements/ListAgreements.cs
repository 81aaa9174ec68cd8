using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>协议列表: the agreements this user may see, filtered by program, state, county, year and a search in title
/// or number.</summary>
public static class ListAgreements
{
    public sealed record Query(string User, AgreementFilter Filter) : IRequest<IReadOnlyList<AgreementSummary>>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions) : IRequestHandler<Query, IReadOnlyList<AgreementSummary>>
    {
        public async Task<IReadOnlyList<AgreementSummary>> Handle(Query request, CancellationToken ct)
        {
            var filter = request.Filter;
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var query = AgreementPolicy.Visible(db, account).AsNoTracking().Include(a => a.Parties).AsQueryable();
            if (filter.Program is { } program) query = query.Where(a => a.Program == program);
            if (filter.Year is int year) query = query.Where(a => a.TermStart.Year <= year && a.TermEnd.Year >= year);
            if (filter.Search is { } search) query = query.Where(a => a.Title.Contains(search) || a.Number.Contains(search));
            if (filter.County is { } county)
                query = query.Where(a => a.Parties.Any(p => db.Institutions.Any(i => i.Id == p.InstitutionId && i.CountyCode == county)));
            var agreements = await query.OrderBy(a => a.Number).ToListAsync(ct);
            var summaries = await AgreementReads.SummariesAsync(db, definitions, agreements, ct);
            return filter.State is { } state ? summaries.Where(s => s.State == state).ToList() : summaries;
        }
    }
}
