using System.Diagnostics;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Registry;
using Pairing.Workflows.Persistence;

namespace Pairing.Application.Seeding;

/// <summary>What a scale-up wrote: per table, the rows added, and how long it took.</summary>
public sealed record ScaleReport(string City, int Copies, IReadOnlyDictionary<string, int> Rows, TimeSpan Took);

/// <summary>Benchmark data at scale: the seeded demo city (its agreements walked through the real workflow) copied N
/// times into the same city — each copy with its own institutions (same county, stages and tags, code
/// <c>QY-C01-K0001</c>), agreements numbered on from the city's series, their workflow instances, report cycles, open
/// and closed tasks and timers — written in bulk, not through the engine. The copies carry no journal, no documents
/// and no notifications: list, search, inbox, dashboard and compliance read them as the originals; `audit verify`
/// and the document pages are not meaningful on them.</summary>
public static class ScaleUpDemo
{
    public const string CopyMark = "-K";

    public sealed record Command(string City, int Copies, IProgress<string>? Progress = null) : IRequest<ScaleReport>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Command, ScaleReport>
    {
        /// <summary>Copies written per transaction: small enough to keep EF's change tracker cheap.</summary>
        private const int CopiesPerBatch = 20;

        public async Task<ScaleReport> Handle(Command request, CancellationToken ct)
        {
            if (request.Copies is < 1 or > 100_000) throw new PairingException(ErrorKind.Invalid, "副本数应为 1 到 100000", "copies");
            var clock = Stopwatch.StartNew();
            var template = await LoadTemplateAsync(request.City, ct);
            var rows = new Dictionary<string, int>();
            for (var first = 1; first <= request.Copies; first += CopiesPerBatch)
            {
                await using var db = database.Create();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                var last = Math.Min(request.Copies, first + CopiesPerBatch - 1);
                for (var k = first; k <= last; k++) Copy(db, template, k, rows);
                await db.SaveChangesAsync(ct);
                request.Progress?.Report($"… 副本 {last}/{request.Copies}（{clock.Elapsed.TotalSeconds:0} 秒）");
            }
            return new ScaleReport(request.City, request.Copies, rows, clock.Elapsed);
        }

        private async Task<Template> LoadTemplateAsync(string city, CancellationToken ct)
        {
            await using var db = database.Create();
            var agreements = await db.Agreements.AsNoTracking().Include(a => a.Parties).Where(a => a.CityCode == city)
                .OrderBy(a => a.Number).ToListAsync(ct);
            if (agreements.Count == 0)
                throw new PairingException(ErrorKind.NotFound, $"{city} 还没有示范协议：请先运行 pairing seed --city {city}", "city");
            if (await db.Institutions.AnyAsync(i => i.CityCode == city && i.Code.Contains(CopyMark), ct))
                throw new PairingException(ErrorKind.Conflict, $"{city} 已有复制出的基准数据；请在新的数据库上运行", "city");
            var institutions = await db.Institutions.AsNoTracking().Where(i => i.CityCode == city).ToListAsync(ct);
            var ids = agreements.Select(a => a.Id).ToList();
            var parents = agreements.Select(a => a.InstanceId).ToList();
            var instances = await db.Instances.AsNoTracking().Where(i => parents.Contains(i.Id) || (i.ParentId != null && parents.Contains(i.ParentId.Value)))
                .ToListAsync(ct);
            var instanceIds = instances.Select(i => i.Id).ToList();
            return new Template(agreements, institutions, instances,
                await db.Tasks.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId)).ToListAsync(ct),
                await db.Timers.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId)).ToListAsync(ct),
                await db.AgreementRevisions.AsNoTracking().Where(r => ids.Contains(r.AgreementId)).ToListAsync(ct),
                // Numbers continue each series ("441800-TG-2024-027", …), so drafting afterwards still finds the next one free.
                agreements.GroupBy(a => a.Number[..(a.Number.LastIndexOf('-') + 1)]).ToDictionary(g => g.Key, g => g.Count()),
                new Regex($"(?<![A-Za-z0-9-])({string.Join("|", institutions.Select(i => Regex.Escape(i.Code)))})(?![A-Za-z0-9-])", RegexOptions.CultureInvariant));
        }

        private static void Copy(PairingDbContext db, Template t, int k, Dictionary<string, int> rows)
        {
            var suffix = $"{CopyMark}{k:D4}";
            string Code(string code) => code + suffix;
            string Rewrite(string text) => t.Codes.Replace(text, m => Code(m.Value));
            var institutionIds = new Dictionary<Guid, Guid>();
            foreach (var i in t.Institutions)
            {
                var copy = new Institution
                {
                    Id = Guid.NewGuid(), Code = Code(i.Code), Name = $"{i.Name}（样本{k}）", CityCode = i.CityCode, CountyCode = i.CountyCode,
                    Stages = [.. i.Stages], Tags = [.. i.Tags], Source = "benchmark",
                };
                institutionIds[i.Id] = copy.Id;
                db.Institutions.Add(copy);
            }
            var instanceIds = t.Instances.ToDictionary(i => i.Id, _ => Guid.NewGuid());
            var agreementIds = new Dictionary<Guid, Guid>();
            var seen = new Dictionary<string, int>();
            foreach (var a in t.Agreements)
            {
                var series = a.Number[..(a.Number.LastIndexOf('-') + 1)];
                var place = seen[series] = seen.GetValueOrDefault(series) + 1;
                var id = agreementIds[a.Id] = Guid.NewGuid();
                db.Agreements.Add(new Agreement
                {
                    Id = id, Number = $"{series}{k * t.Series[series] + place:000}", Program = a.Program, CityCode = a.CityCode, DefinitionId = a.DefinitionId,
                    InstanceId = instanceIds[a.InstanceId], Title = $"{a.Title}（样本{k}）", TermStart = a.TermStart, TermEnd = a.TermEnd, Goals = a.Goals,
                    Measures = [.. a.Measures], FocusAreas = [.. a.FocusAreas], Targets = [.. a.Targets], FundingSource = a.FundingSource,
                    BudgetLine = a.BudgetLine, FundingAmount = a.FundingAmount, ContactName = a.ContactName, ContactPhone = a.ContactPhone,
                    BudgetId = a.BudgetId, CreatedBy = a.CreatedBy, CreatedAt = a.CreatedAt, FirstSignedAt = a.FirstSignedAt, SignedAt = a.SignedAt,
                    EndedAt = a.EndedAt,
                    Parties = a.Parties.Select(p => new AgreementParty
                    {
                        Id = Guid.NewGuid(), AgreementId = id, InstitutionId = institutionIds[p.InstitutionId], InstitutionCode = Code(p.InstitutionCode),
                        Role = p.Role, SignatoryAccount = p.SignatoryAccount, Signatory = p.Signatory,
                    }).ToList(),
                });
            }
            foreach (var i in t.Instances)
                db.Instances.Add(new WorkflowInstance
                {
                    Id = instanceIds[i.Id], DefinitionId = i.DefinitionId, DefinitionVersion = i.DefinitionVersion, State = i.State, Status = i.Status,
                    SubjectType = i.SubjectType,
                    SubjectId = Guid.TryParse(i.SubjectId, out var subject) && agreementIds.TryGetValue(subject, out var copied) ? copied.ToString() : i.SubjectId,
                    ParentId = i.ParentId is { } parent ? instanceIds[parent] : null, ChildKey = i.ChildKey, ContextJson = Rewrite(i.ContextJson),
                    ScopesJson = Rewrite(i.ScopesJson), Version = i.Version, CreatedAt = i.CreatedAt, UpdatedAt = i.UpdatedAt,
                });
            foreach (var task in t.Tasks)
                db.Tasks.Add(new WorkflowTask
                {
                    Id = Guid.NewGuid(), InstanceId = instanceIds[task.InstanceId], State = task.State, Title = task.Title, Roles = task.Roles,
                    Scope = Rewrite(task.Scope), SignoffAction = task.SignoffAction, Status = task.Status, CreatedAt = task.CreatedAt, DueAt = task.DueAt,
                    ClosedAt = task.ClosedAt, Outcome = task.Outcome, ClosedBy = task.ClosedBy,
                });
            foreach (var timer in t.Timers)
                db.Timers.Add(new WorkflowTimer
                {
                    Id = Guid.NewGuid(), InstanceId = instanceIds[timer.InstanceId], State = timer.State, TimerId = timer.TimerId, DueAt = timer.DueAt,
                    Status = timer.Status, FiredAt = timer.FiredAt, CreatedAt = timer.CreatedAt,
                });
            foreach (var r in t.Revisions)
                db.AgreementRevisions.Add(new AgreementRevision
                {
                    Id = Guid.NewGuid(), AgreementId = agreementIds[r.AgreementId], Number = r.Number, ContentJson = Rewrite(r.ContentJson),
                    ContentHash = r.ContentHash, FrozenAt = r.FrozenAt, SignedAt = r.SignedAt,
                });
            void Count(string table, int n) => rows[table] = rows.GetValueOrDefault(table) + n;
            Count("institutions", t.Institutions.Count);
            Count("agreements", t.Agreements.Count);
            Count("agreement_parties", t.Agreements.Sum(a => a.Parties.Count));
            Count("wf_instances", t.Instances.Count);
            Count("wf_tasks", t.Tasks.Count);
            Count("wf_timers", t.Timers.Count);
            Count("agreement_revisions", t.Revisions.Count);
        }
    }

    private sealed record Template(List<Agreement> Agreements, List<Institution> Institutions, List<WorkflowInstance> Instances, List<WorkflowTask> Tasks,
        List<WorkflowTimer> Timers, List<AgreementRevision> Revisions, Dictionary<string, int> Series, Regex Codes);
}
