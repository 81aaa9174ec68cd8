using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Lists;
using Pairing.Data;
using Pairing.Data.Search;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Agreements;

/// <summary>A semester report or annual evaluation as the report list shows it. Mine: the user has an open task on
/// it (to submit, or to review); Overdue: an open task on it is past its deadline.</summary>
public sealed record ReportRow(string Number, string AgreementTitle, string ProgramTitle, string Cycle, string Kind, string Period, string State,
    string StateTitle, DateOnly? Due, bool Overdue, bool Mine, string? Task, IReadOnlyList<string> Counties);

/// <summary>Which reports: Mine (default) those waiting for this user, otherwise every report and evaluation of the
/// agreements it may see; State a state id or its Chinese title; County a county's code or name.</summary>
public sealed record ReportFilter(bool Mine = true, string? Program = null, string? State = null, string? County = null, string? Search = null);

/// <summary>报告: the semester reports and annual evaluations of the agreements this user may see — by default those
/// waiting for it (a school's to submit, a bureau's to review), overdue first — filtered and sorted, all rows.</summary>
public static class ListReports
{
    public const string ByDue = "due", ByNumber = "number", ByPeriod = "period", ByState = "state";

    public static readonly string[] SortColumns = [ByDue, ByNumber, ByPeriod, ByState];

    public sealed record Query(string User, ReportFilter Filter, SortOrder? Sort = null) : IRequest<IReadOnlyList<ReportRow>>;

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, ProgramDirectory programs, EngineOptions engine, TimeProvider clock)
        : IRequestHandler<Query, IReadOnlyList<ReportRow>>
    {
        public async Task<IReadOnlyList<ReportRow>> Handle(Query request, CancellationToken ct)
        {
            var filter = request.Filter;
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var visible = AgreementPolicy.Visible(db, account).AsNoTracking();
            if (filter.Program is { } program) visible = visible.Where(a => a.Program == program);
            if (filter.Search is { } search) visible = AgreementTextSearch.Containing(visible, db, database.Provider, search);
            // The cycles are chosen in the database: of visible agreements, only those waiting for the user (the default),
            // only in the state asked for; nothing loads every cycle of every agreement to throw most of them away.
            var query = from c in db.Instances join a in visible on c.ParentId equals a.InstanceId where c.ChildKey != null select c;
            var mine = (await TaskInbox.OpenForAsync(db, actor, ct)).GroupBy(t => t.InstanceId).ToDictionary(g => g.Key, g => g.First());
            if (filter.Mine)
            {
                var waiting = mine.Keys.ToList();
                query = query.Where(c => waiting.Contains(c.Id));
            }
            if (filter.State is { } wanted)
            {
                // By id or by a title some cycle definition gives it; the exact title of each row's own definition is checked below.
                var titled = (await programs.LatestDefinitionsAsync(ct)).SelectMany(d => d.States).Where(s => s.Title == wanted).Select(s => s.Id).Distinct().ToList();
                query = query.Where(c => c.State == wanted || titled.Contains(c.State));
            }
            var children = await query.AsNoTracking().ToListAsync(ct);
            var listed = visible.Where(a => query.Any(c => c.ParentId == a.InstanceId));
            var agreements = await listed.Include(a => a.Parties).ToDictionaryAsync(a => a.InstanceId, ct);
            // By the cycles' ids, so the database starts from those cycles' tasks, not from every open task of the province;
            // sent as one array parameter (thousands of separate parameters cost SQLite more than the query).
            var childIds = children.Select(c => c.Id).ToList();
            var open = (await db.Tasks.AsNoTracking().Where(t => EF.Parameter(childIds).Contains(t.InstanceId) && t.Status == TaskStatus.Open).ToListAsync(ct))
                .ToLookup(t => t.InstanceId);
            var countyOf = await (from p in db.AgreementParties
                                  join a in listed on p.AgreementId equals a.Id
                                  join i in db.Institutions on p.InstitutionId equals i.Id
                                  select new { i.Id, i.CountyCode }).Distinct().ToDictionaryAsync(i => i.Id, i => i.CountyCode, ct);
            var counties = await db.Counties.AsNoTracking().ToListAsync(ct);
            var county = filter.County is { } text ? counties.FirstOrDefault(c => c.Code == text || c.Name == text || c.AdminCode == text)?.Code ?? text : null;
            var programTitles = new Dictionary<string, string>();
            var now = clock.GetUtcNow().UtcDateTime;

            var rows = new List<ReportRow>();
            // Per agreement, once: the counties of its parties (codes to filter by, names to show).
            var countyNames = new Dictionary<Guid, (HashSet<string> Codes, List<string> Names)>();
            foreach (var child in children)
            {
                if (filter.Mine && !mine.ContainsKey(child.Id)) continue;
                if (!agreements.ContainsKey(child.ParentId!.Value)) continue;
                var agreement = agreements[child.ParentId!.Value];
                if (!countyNames.TryGetValue(agreement.Id, out var names))
                {
                    var codes = agreement.Parties.Select(p => countyOf.GetValueOrDefault(p.InstitutionId)).OfType<string>().ToHashSet();
                    countyNames[agreement.Id] = names = (codes, counties.Where(c => codes.Contains(c.Code)).OrderBy(c => c.AdminCode, StringComparer.Ordinal)
                        .Select(c => c.Name).ToList());
                }
                if (county is not null && !names.Codes.Contains(county)) continue;
                var definition = await definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct);
                var cycle = AgreementReads.CycleViewOf(child, definition);
                if (filter.State is { } state && cycle.State != state && cycle.StateTitle != state) continue;
                if (!programTitles.TryGetValue(agreement.DefinitionId, out var programTitle))
                    programTitles[agreement.DefinitionId] = programTitle = await ProgramTitleAsync(agreement.DefinitionId, ct);
                var overdue = open[child.Id].Any(t => t.DueAt < now);
                DateOnly? due = DateOnly.TryParseExact(cycle.DueDate, "yyyy-MM-dd", out var d) ? d
                    : mine.TryGetValue(child.Id, out var task) && task.DueAt is { } at ? engine.LocalDate(at) : null;
                rows.Add(new ReportRow(agreement.Number, agreement.Title, programTitle, cycle.Key, definition.Title, cycle.Label, cycle.State, cycle.StateTitle,
                    due, overdue, mine.ContainsKey(child.Id), mine.GetValueOrDefault(child.Id)?.Title, names.Names));
            }
            var sort = request.Sort ?? new SortOrder(ByDue);
            return sort.Column switch
            {
                ByNumber => Paging.Order(rows, r => r.Number, sort.Descending, r => r.Cycle, StringComparer.Ordinal),
                ByPeriod => Paging.Order(rows, r => r.Cycle, sort.Descending, r => r.Number, StringComparer.Ordinal),
                ByState => Paging.Order(rows, r => r.StateTitle, sort.Descending, r => r.Number + r.Cycle, StringComparer.Ordinal),
                // Overdue work first, then by deadline: what the user has to do next.
                _ => sort.Descending
                    ? rows.OrderByDescending(r => r.Due ?? DateOnly.MinValue).ThenBy(r => r.Number, StringComparer.Ordinal).ThenBy(r => r.Cycle, StringComparer.Ordinal).ToList()
                    : rows.OrderByDescending(r => r.Overdue).ThenBy(r => r.Due ?? DateOnly.MaxValue).ThenBy(r => r.Number, StringComparer.Ordinal)
                        .ThenBy(r => r.Cycle, StringComparer.Ordinal).ToList(),
            };
        }

        private async Task<string> ProgramTitleAsync(string definitionId, CancellationToken ct) =>
            ProgramInfo.Of(await definitions.LatestAsync(definitionId, ct))?.Title ?? definitionId;
    }
}
