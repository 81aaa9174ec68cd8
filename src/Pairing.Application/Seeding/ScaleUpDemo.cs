using System.Diagnostics;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Accounts;
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

    /// <summary>Province: the copies go into every city of Guangdong (<see cref="ProvinceCities"/>), Copies times each;
    /// the cities other than the demo's own are created with generated counties and a bureau account for each.</summary>
    public sealed record Command(string City, int Copies, IProgress<string>? Progress = null, bool Province = false) : IRequest<ScaleReport>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Command, ScaleReport>
    {
        /// <summary>Copies written per transaction: small enough to keep EF's change tracker cheap.</summary>
        private const int CopiesPerBatch = 20;

        public async Task<ScaleReport> Handle(Command request, CancellationToken ct)
        {
            if (request.Copies is < 1 or > 100_000) throw new PairingException(ErrorKind.Invalid, "副本数应为 1 到 100000", "copies");
            var clock = Stopwatch.StartNew();
            var template = await LoadTemplateAsync(request.City, ct);
            var targets = request.Province ? await ProvinceTargetsAsync(template, ct) : [CopyTarget.Same(template)];
            var rows = new Dictionary<string, int>();
            foreach (var target in targets)
            {
                if (!target.SameCity) await AddCityAsync(template, target, rows, ct);
                for (var first = 1; first <= request.Copies; first += CopiesPerBatch)
                {
                    await using var db = database.Create();
                    db.ChangeTracker.AutoDetectChangesEnabled = false;
                    var last = Math.Min(request.Copies, first + CopiesPerBatch - 1);
                    for (var k = first; k <= last; k++) Copy(db, template, target, k, rows);
                    await db.SaveChangesAsync(ct);
                    request.Progress?.Report($"… {target.CityName} 副本 {last}/{request.Copies}（{clock.Elapsed.TotalSeconds:0} 秒）");
                }
            }
            return new ScaleReport(request.City, request.Copies * targets.Count, rows, clock.Elapsed);
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
            var source = await db.Cities.AsNoTracking().SingleAsync(c => c.Code == city, ct);
            var counties = await db.Counties.AsNoTracking().Where(c => c.CityCode == city).OrderBy(c => c.AdminCode).ToListAsync(ct);
            var accounts = await db.Accounts.AsNoTracking().Where(a => a.CityCode == city).ToListAsync(ct);
            var ids = agreements.Select(a => a.Id).ToList();
            var parents = agreements.Select(a => a.InstanceId).ToList();
            var instances = await db.Instances.AsNoTracking().Where(i => parents.Contains(i.Id) || (i.ParentId != null && parents.Contains(i.ParentId.Value)))
                .ToListAsync(ct);
            var instanceIds = instances.Select(i => i.Id).ToList();
            return new Template(source, counties, accounts, agreements, institutions, instances,
                await db.Tasks.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId)).ToListAsync(ct),
                await db.Timers.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId)).ToListAsync(ct),
                await db.AgreementRevisions.AsNoTracking().Where(r => ids.Contains(r.AgreementId)).ToListAsync(ct),
                // Numbers continue each series ("441800-TG-2024-027", …), so drafting afterwards still finds the next one free.
                agreements.GroupBy(a => a.Number[..(a.Number.LastIndexOf('-') + 1)]).ToDictionary(g => g.Key, g => g.Count()),
                new Regex($"(?<![A-Za-z0-9-])({string.Join("|", institutions.Select(i => Regex.Escape(i.Code)))})(?![A-Za-z0-9-])", RegexOptions.CultureInvariant));
        }

        /// <summary>The demo city itself, then every other city of the province; refused if one of those exists already
        /// (a second run, or a city seeded for real).</summary>
        private async Task<List<CopyTarget>> ProvinceTargetsAsync(Template t, CancellationToken ct)
        {
            await using var db = database.Create();
            var others = ProvinceCities.All.Where(c => c.Code != t.City.Code).ToList();
            var codes = others.Select(c => c.Code).ToList();
            if (await db.Cities.AnyAsync(c => codes.Contains(c.Code), ct))
                throw new PairingException(ErrorKind.Conflict, "数据库里已有其他城市；全省基准数据请在只有示范城市的新数据库上生成", "scale");
            return [CopyTarget.Same(t), .. others.Select(c => CopyTarget.Other(t, c))];
        }

        /// <summary>A generated city: its row and its counties (the demo city's, renamed 第N区（样本）).</summary>
        private async Task AddCityAsync(Template t, CopyTarget target, Dictionary<string, int> rows, CancellationToken ct)
        {
            await using var db = database.Create();
            db.Cities.Add(new City { Code = target.City, Name = target.CityName, AdminCode = target.AdminCode });
            foreach (var (county, n) in t.Counties.Select((c, n) => (c, n)))
                db.Counties.Add(new County
                {
                    Code = target.County(county.Code), Name = target.CountyName(county.Code), CityCode = target.City,
                    AdminCode = $"{target.AdminCode[..4]}{n + 2:00}",
                });
            await db.SaveChangesAsync(ct);
            rows["cities"] = rows.GetValueOrDefault("cities") + 1;
            rows["counties"] = rows.GetValueOrDefault("counties") + t.Counties.Count;
        }

        private static void Copy(PairingDbContext db, Template t, CopyTarget target, int k, Dictionary<string, int> rows)
        {
            var suffix = $"{CopyMark}{k:D4}";
            string Code(string code) => target.Code(code) + suffix;
            string Rewrite(string text) => target.Rewrite(t.Codes.Replace(text, m => Code(m.Value)));
            var institutionIds = new Dictionary<Guid, Guid>();
            foreach (var i in t.Institutions)
            {
                var copy = new Institution
                {
                    Id = Guid.NewGuid(), Code = Code(i.Code), Name = $"{target.Rewrite(i.Name)}（样本{k}）", CityCode = target.City,
                    CountyCode = i.CountyCode is { } county ? target.County(county) : null,
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
                // Another city numbers from 1 (its own series); the demo city's copies continue its series.
                var number = target.SameCity ? k * t.Series[series] + place : (k - 1) * t.Series[series] + place;
                var id = agreementIds[a.Id] = Guid.NewGuid();
                db.Agreements.Add(new Agreement
                {
                    Id = id, Number = $"{target.Series(series)}{number:000}", Program = a.Program, CityCode = target.City,
                    DefinitionId = a.DefinitionId, InstanceId = instanceIds[a.InstanceId], Title = $"{target.Rewrite(a.Title)}（样本{k}）", TermStart = a.TermStart, TermEnd = a.TermEnd, Goals = a.Goals,
                    Measures = [.. a.Measures], FocusAreas = [.. a.FocusAreas], Targets = [.. a.Targets], FundingSource = a.FundingSource,
                    BudgetLine = a.BudgetLine, FundingAmount = a.FundingAmount, ContactName = a.ContactName, ContactPhone = a.ContactPhone,
                    BudgetId = a.BudgetId, CreatedBy = a.CreatedBy, CreatedAt = a.CreatedAt, FirstSignedAt = a.FirstSignedAt, SignedAt = a.SignedAt,
                    EndedAt = a.EndedAt,
                    Parties = a.Parties.Select(p => new AgreementParty
                    {
                        Id = Guid.NewGuid(), AgreementId = id, InstitutionId = institutionIds[p.InstitutionId], InstitutionCode = Code(p.InstitutionCode),
                        Role = p.Role, SignatoryAccount = p.SignatoryAccount is { } signer ? target.UserName(signer) : null, Signatory = p.Signatory,
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
            // Another city gets the demo city's accounts once, for its first copy's institutions (qy.g01 → gz.g01).
            if (!target.SameCity && k == 1)
                foreach (var a in t.Accounts.Where(a => a.UserName != target.UserName(a.UserName)))
                {
                    db.Accounts.Add(new Account
                    {
                        Id = Guid.NewGuid(), UserName = target.UserName(a.UserName), DisplayName = target.Rewrite(t.Codes.Replace(a.DisplayName, m => Code(m.Value))),
                        PersonName = a.PersonName, Position = a.Position, Role = a.Role, CityCode = target.City,
                        CountyCode = a.CountyCode is { } county ? target.County(county) : null,
                        InstitutionId = a.InstitutionId is { } iid && institutionIds.TryGetValue(iid, out var copiedInstitution) ? copiedInstitution : null,
                        InstitutionCode = a.InstitutionCode is { } code ? Code(code) : null, CanSign = a.CanSign,
                        Email = $"{target.UserName(a.UserName)}@example.org",
                    });
                    rows["accounts"] = rows.GetValueOrDefault("accounts") + 1;
                }
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

    private sealed record Template(City City, List<County> Counties, List<Account> Accounts, List<Agreement> Agreements, List<Institution> Institutions,
        List<WorkflowInstance> Instances, List<WorkflowTask> Tasks, List<WorkflowTimer> Timers, List<AgreementRevision> Revisions,
        Dictionary<string, int> Series, Regex Codes)
    {
        /// <summary>What begins the demo city's account names and institution codes (qy., QY-).</summary>
        public string Prefix { get; } = Institutions.Select(i => i.Code).Where(c => c.IndexOf('-') > 0).Select(c => c[..c.IndexOf('-')])
            .FirstOrDefault("").ToLowerInvariant();
    }

    /// <summary>Where copies go: the demo city itself (codes and names kept, apart from the copy's suffix), or another
    /// city, into which the demo city's codes, county codes, account names and place names are rewritten.</summary>
    private sealed class CopyTarget
    {
        private readonly Template _t;
        private readonly ProvinceCities.Entry? _to;
        private readonly Regex? _places;
        private readonly Dictionary<string, string> _counties = [];
        private readonly Dictionary<string, string> _countyNames = [];

        private CopyTarget(Template t, ProvinceCities.Entry? to)
        {
            _t = t;
            _to = to;
            if (to is null) return;
            foreach (var (county, n) in t.Counties.Select((c, n) => (c, n)))
            {
                _counties[county.Code] = $"{to.Code}-{n + 1}";
                _countyNames[county.Name] = $"{to.Name}第{n + 1}区（样本）";
            }
            // Whole words only: a county code inside a longer code or word stays as it is.
            var words = t.Counties.Select(c => c.Code).Append(t.City.Code).Select(Regex.Escape);
            var names = t.Counties.Select(c => c.Name).Append(t.City.Name).OrderByDescending(n => n.Length).Select(Regex.Escape);
            _places = new Regex($"(?<![A-Za-z0-9-])({string.Join("|", words)})(?![A-Za-z0-9-])|{string.Join("|", names)}", RegexOptions.CultureInvariant);
        }

        public static CopyTarget Same(Template t) => new(t, null);
        public static CopyTarget Other(Template t, ProvinceCities.Entry to) => new(t, to);

        public bool SameCity => _to is null;
        public string City => _to?.Code ?? _t.City.Code;
        public string CityName => _to?.Name ?? _t.City.Name;
        public string AdminCode => _to?.AdminCode ?? _t.City.AdminCode;

        /// <summary>441800-TG-2024- → 440100-TG-2024-.</summary>
        public string Series(string series) =>
            _to is not null && series.StartsWith(_t.City.AdminCode, StringComparison.Ordinal) ? _to.AdminCode + series[_t.City.AdminCode.Length..] : series;

        public string County(string code) => _to is null ? code : _counties.GetValueOrDefault(code, code);
        public string CountyName(string code) => _countyNames[_t.Counties.Single(c => c.Code == code).Name];

        /// <summary>QY-G01 → GZ-G01, QY-GOV-lianzhou → GZ-GOV-guangzhou-8 (the copy's suffix is added by the caller).</summary>
        public string Code(string code) => _to is null || code.IndexOf('-') is not (> 0 and var dash) ? code
            : _to.Prefix + "-" + string.Join('-', code[(dash + 1)..].Split('-').Select(part => _counties.GetValueOrDefault(part, part)));

        /// <summary>qy.g01 → gz.g01; names of other cities' or the province's accounts are kept.</summary>
        public string UserName(string user) =>
            _to is not null && user.StartsWith(_t.Prefix + ".", StringComparison.Ordinal) ? _to.Prefix.ToLowerInvariant() + user[_t.Prefix.Length..] : user;

        public string Rewrite(string text) => _places is null ? text : _places.Replace(text, m =>
            m.Groups[1].Success ? (m.Value == _t.City.Code ? _to!.Code : _counties[m.Value])
            : m.Value == _t.City.Name ? _to!.Name : _countyNames[m.Value]);
    }
}
