using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Accounts;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>Drafting, editing, acting on and reading agreements, with every check of who may do what.</summary>
public sealed class AgreementService(PairingApp app)
{
    public async Task<AgreementSummary> DraftAsync(string userName, AgreementDraft draft, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        if (account.Role != AccountRole.Staff)
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "只有学校（高校）经办人可以起草协议", "as");
        if (!ProgramCatalog.Names.ContainsKey(draft.Program))
            throw new WorkflowException(WorkflowErrorKind.Invalid, $"未知项目 {draft.Program}（可选：{string.Join("、", ProgramCatalog.Names.Keys)}）", "program");
        var definition = await app.Definitions.LatestAsync(db, ProgramCatalog.DefinitionId(draft.Program, account.CityCode), ct);
        ValidateBasics(draft.Title, draft.TermStart, draft.TermEnd);
        var parties = await ResolvePartiesAsync(db, account.CityCode, draft.Parties, definition, ct);
        if (parties.All(p => p.Institution.Code != account.InstitutionCode))
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "起草人所在机构必须是协议的一方", "parties");

        var agreement = new Agreement
        {
            Id = Guid.NewGuid(),
            Program = draft.Program,
            CityCode = account.CityCode,
            DefinitionId = definition.Id,
            Title = draft.Title.Trim(),
            TermStart = draft.TermStart,
            TermEnd = draft.TermEnd,
            Goals = draft.Goals,
            Measures = draft.Measures?.ToList() ?? [],
            FocusAreas = draft.FocusAreas?.ToList() ?? [],
            FundingSource = draft.FundingSource,
            BudgetLine = draft.BudgetLine,
            FundingAmount = draft.FundingAmount,
            ContactName = draft.ContactName,
            ContactPhone = draft.ContactPhone,
            CreatedBy = account.UserName,
            CreatedAt = app.UtcNow,
        };
        agreement.Parties = PartyRows(agreement.Id, parties);
        agreement.Number = await NextNumberAsync(db, account.CityCode, draft.Program, draft.TermStart.Year, ct);

        var scopes = ScopesOf(account.InstitutionCode!, account.CityCode, parties.Select(p => p.Institution));
        var instance = await app.Engine.StartAsync(definition.Id, "agreement", agreement.Id.ToString(), DateContext(agreement), scopes, actor,
            (stepDb, inst) => { agreement.InstanceId = inst.Id; stepDb.Add(agreement); return Task.CompletedTask; }, ct);
        return await SummaryAsync(userName, agreement.Number, ct);
    }

    public async Task<int> UpdateAsync(string userName, string number, AgreementChanges changes, int? expectedVersion, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await FindVisibleAsync(db, account, number, ct);
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
        if (!InstanceScopes.Slot(InstanceScopes.Parse(instance.ScopesJson), "owner").Any(actor.Scopes.Contains) || account.Role != AccountRole.Staff)
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "只有起草协议的学校经办人可以修改协议", "as");
        var definition = await app.Definitions.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, ct);

        ValidateBasics(changes.Title ?? agreement.Title, changes.TermStart ?? agreement.TermStart, changes.TermEnd ?? agreement.TermEnd);
        var parties = changes.Parties is null ? null : await ResolvePartiesAsync(db, agreement.CityCode, changes.Parties, definition, ct);
        if (parties is not null && parties.All(p => p.Institution.Code != account.InstitutionCode))
            throw new WorkflowException(WorkflowErrorKind.Forbidden, "起草人所在机构必须是协议的一方", "parties");
        var scopes = parties is null ? null : ScopesOf(account.InstitutionCode!, agreement.CityCode, parties.Select(p => p.Institution));
        var values = new JsonObject
        {
            ["termStart"] = (changes.TermStart ?? agreement.TermStart).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["termEnd"] = (changes.TermEnd ?? agreement.TermEnd).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return await app.Engine.UpdateContextAsync(agreement.InstanceId, values, actor, expectedVersion, async (stepDb, _) =>
        {
            var tracked = await stepDb.Set<Agreement>().Include(a => a.Parties).FirstAsync(a => a.Id == agreement.Id, ct);
            Apply(tracked, changes);
            if (parties is not null)
            {
                stepDb.Set<AgreementParty>().RemoveRange(tracked.Parties);
                tracked.Parties = PartyRows(tracked.Id, parties);
                stepDb.Set<AgreementParty>().AddRange(tracked.Parties);
            }
        }, scopes, ct);
    }

    public async Task<ActionOutcome> ActAsync(string userName, AgreementAction request, CancellationToken ct = default)
    {
        Guid instanceId;
        Workflows.Plugins.Actor actor;
        await using (var db = app.Db())
        {
            (var account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
            var agreement = await FindVisibleAsync(db, account, request.Number, ct);
            instanceId = agreement.InstanceId;
            if (request.Cycle is { } cycle)
            {
                var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == agreement.InstanceId).ToListAsync(ct);
                instanceId = children.FirstOrDefault(c => c.ChildKey!.EndsWith(":" + cycle, StringComparison.Ordinal))?.Id
                    ?? throw new WorkflowException(WorkflowErrorKind.NotFound,
                        $"协议 {agreement.Number} 没有周期 {cycle}（现有：{string.Join("、", children.Select(c => c.ChildKey!.Split(':')[1]))}）", "cycle");
            }
        }
        return await app.Engine.ExecuteAsync(instanceId, request.Action, actor,
            new ActionRequest(request.IdempotencyKey, request.Comment, request.Inputs, request.ExpectedVersion, request.Participant), ct);
    }

    public async Task<IReadOnlyList<AgreementSummary>> ListAsync(string userName, AgreementFilter filter, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, _) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var query = AgreementAccess.Visible(db, account).AsNoTracking().Include(a => a.Parties).AsQueryable();
        if (filter.Program is { } program) query = query.Where(a => a.Program == program);
        if (filter.Year is int year) query = query.Where(a => a.TermStart.Year <= year && a.TermEnd.Year >= year);
        if (filter.Search is { } search) query = query.Where(a => a.Title.Contains(search) || a.Number.Contains(search));
        if (filter.County is { } county)
            query = query.Where(a => a.Parties.Any(p => db.Institutions.Any(i => i.Id == p.InstitutionId && i.CountyCode == county)));
        var agreements = await query.OrderBy(a => a.Number).ToListAsync(ct);
        var summaries = await SummariesAsync(db, agreements, ct);
        return filter.State is { } state ? summaries.Where(s => s.State == state).ToList() : summaries;
    }

    public async Task<AgreementSummary> SummaryAsync(string userName, string number, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, _) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await FindVisibleAsync(db, account, number, ct);
        return (await SummariesAsync(db, [agreement], ct))[0];
    }

    public async Task<AgreementDetail> ShowAsync(string userName, string number, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await FindVisibleAsync(db, account, number, ct);
        var summary = (await SummariesAsync(db, [agreement], ct))[0];
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
        var definition = await app.Definitions.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, ct);
        var state = definition.State(instance.State);
        var available = instance.Status != InstanceStatus.Open ? [] : state.Actions
            .Where(a => a.Roles.Any(actor.Roles.Contains) && !a.Roles.Contains(Workflows.Plugins.Actor.SystemRole))
            .Select(a => $"{a.Id}（{a.Title}）").ToList();

        var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == instance.Id).OrderBy(i => i.ChildKey).ToListAsync(ct);
        var cycles = new List<CycleView>();
        foreach (var child in children)
        {
            var childDef = await app.Definitions.GetAsync(db, child.DefinitionId, child.DefinitionVersion, ct);
            var context = JsonNode.Parse(child.ContextJson) as JsonObject ?? new JsonObject();
            cycles.Add(new CycleView(child.ChildKey!.Split(':')[1], child.DefinitionId, Text(context, "periodLabel") ?? "", child.State,
                childDef.State(child.State).Title, child.Status, Text(context, "dueDate"), child.Version, Text(context, "rating"), Text(context, "summary")));
        }
        var instanceIds = children.Select(c => c.Id).Append(instance.Id).ToList();
        var tasks = await TasksOfAsync(db, instanceIds, app.UtcNow, ct);
        var revisions = await db.AgreementRevisions.AsNoTracking().Where(r => r.AgreementId == agreement.Id).OrderBy(r => r.Number)
            .Select(r => new RevisionView(r.Number, r.ContentHash, r.FrozenAt, r.SignedAt)).ToListAsync(ct);
        var incidents = await db.Incidents.AsNoTracking().Where(i => instanceIds.Contains(i.InstanceId))
            .Select(i => new IncidentView(i.Id, i.Step, i.Effect, i.Error, i.Attempts, i.Status)).ToListAsync(ct);
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instance.Id).OrderBy(e => e.Seq)
            .Select(e => new JournalView(e.Seq, e.At, e.ActorName, e.Kind, e.Action, e.FromState, e.ToState, e.Comment, e.Hash)).ToListAsync(ct);
        return new AgreementDetail(summary, instance.DefinitionId, instance.DefinitionVersion, agreement.Goals, agreement.Measures, agreement.FocusAreas,
            agreement.FundingSource, agreement.BudgetLine, agreement.FundingAmount, available, tasks, cycles, revisions, incidents, journal);
    }

    public async Task<IReadOnlyList<TaskView>> TasksAsync(string userName, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (_, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var open = await TaskInbox.OpenForAsync(db, actor, ct);
        return await DescribeTasksAsync(db, open, app.UtcNow, ct);
    }

    public async Task<IReadOnlyList<Notification>> NotificationsAsync(string userName, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (_, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var scopes = actor.Scopes.ToList();
        var notes = await db.Notifications.AsNoTracking().Where(n => scopes.Contains(n.Scope) || scopes.Contains("*")).OrderByDescending(n => n.At).ToListAsync(ct);
        return notes.Where(n => n.Roles.Split(',').Any(actor.Roles.Contains)).ToList();
    }

    /// <summary>Starts the next agreement from an active or completed one: same parties and plan, next term.</summary>
    public async Task<AgreementSummary> RenewAsync(string userName, string number, CancellationToken ct = default)
    {
        AgreementDraft draft;
        Guid previousId;
        await using (var db = app.Db())
        {
            var (account, _) = await ActorDirectory.ResolveAsync(db, userName, ct);
            var previous = await FindVisibleAsync(db, account, number, ct);
            if (previous.FirstSignedAt is null)
                throw new WorkflowException(WorkflowErrorKind.Unavailable, $"协议 {number} 尚未签署生效，不能续签", "number");
            previousId = previous.Id;
            var length = previous.TermEnd.DayNumber - previous.TermStart.DayNumber;
            var start = previous.TermEnd.AddDays(1);
            draft = new AgreementDraft(previous.Program, $"{previous.Title}（续签）", start, start.AddDays(length),
                previous.Parties.Select(p => new PartyInput(p.InstitutionCode, p.Role, p.Signatory)).ToList(), previous.Goals,
                previous.Measures, previous.FocusAreas, previous.FundingSource, previous.BudgetLine, previous.FundingAmount,
                previous.ContactName, previous.ContactPhone);
        }
        var renewed = await DraftAsync(userName, draft, ct);
        await using (var db = app.Db())
        {
            var agreement = await db.Agreements.FirstAsync(a => a.Number == renewed.Number, ct);
            agreement.RenewalOf = previousId;
            await db.SaveChangesAsync(ct);
        }
        return renewed;
    }

    internal static async Task<Agreement> FindVisibleAsync(PairingDbContext db, Account account, string number, CancellationToken ct) =>
        await AgreementAccess.Visible(db, account).Include(a => a.Parties).AsNoTracking().FirstOrDefaultAsync(a => a.Number == number, ct)
        // Not visible and not existing read the same, so numbers of other schools' agreements do not leak.
        ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"协议 {number} 不存在或您无权查看", "number");

    private async Task<List<AgreementSummary>> SummariesAsync(PairingDbContext db, List<Agreement> agreements, CancellationToken ct)
    {
        var instanceIds = agreements.Select(a => a.InstanceId).ToList();
        var instances = await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var institutionIds = agreements.SelectMany(a => a.Parties).Select(p => p.InstitutionId).Distinct().ToList();
        var institutions = await db.Institutions.AsNoTracking().Where(i => institutionIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var signoffs = await db.Tasks.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId) && t.SignoffAction != null)
            .Select(t => new { t.InstanceId, t.Scope, t.CreatedAt, Signed = t.Outcome == t.SignoffAction }).ToListAsync(ct);
        var result = new List<AgreementSummary>();
        foreach (var a in agreements)
        {
            var instance = instances[a.InstanceId];
            var definition = await app.Definitions.GetAsync(db, instance.DefinitionId, instance.DefinitionVersion, ct);
            var roles = JsonParams.PartyRules(definition.Parameters["roles"]).ToDictionary(r => r.Role, r => r.Title);
            // Only the latest signing round counts: an amendment asks everyone to sign again.
            var rounds = signoffs.Where(s => s.InstanceId == a.InstanceId).ToList();
            var latest = rounds.Count == 0 ? DateTime.MinValue : rounds.Max(s => s.CreatedAt);
            var signedNow = rounds.Where(s => s.CreatedAt == latest && s.Signed).Select(s => s.Scope).ToHashSet();
            var parties = a.Parties.OrderBy(p => p.Role).ThenBy(p => p.InstitutionCode).Select(p =>
            {
                var i = institutions[p.InstitutionId];
                return new PartyView(i.Code, i.Name, p.Role, roles.GetValueOrDefault(p.Role, p.Role), i.CountyCode, p.Signatory,
                    signedNow.Contains(Scope.Institution(i.Code)));
            }).ToList();
            result.Add(new AgreementSummary(a.Number, a.Program, ProgramCatalog.Title(a.Program), a.CityCode, a.Title, instance.State,
                definition.State(instance.State).Title, instance.Version, a.TermStart, a.TermEnd, parties));
        }
        return result;
    }

    private static async Task<List<TaskView>> TasksOfAsync(PairingDbContext db, List<Guid> instanceIds, DateTime now, CancellationToken ct)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => instanceIds.Contains(t.InstanceId) && t.Status == Workflows.Persistence.TaskStatus.Open).ToListAsync(ct);
        return await DescribeTasksAsync(db, tasks, now, ct);
    }

    private static async Task<List<TaskView>> DescribeTasksAsync(PairingDbContext db, List<WorkflowTask> tasks, DateTime now, CancellationToken ct)
    {
        var instanceIds = tasks.Select(t => t.InstanceId).Distinct().ToList();
        var instances = await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var subjectIds = instances.Values.Select(i => Guid.Parse(i.SubjectId)).Distinct().ToList();
        var agreements = await db.Agreements.AsNoTracking().Where(a => subjectIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return tasks.Select(t =>
        {
            var instance = instances[t.InstanceId];
            var agreement = agreements[Guid.Parse(instance.SubjectId)];
            var cycle = instance.ChildKey?.Split(':')[1];
            return new TaskView(t.Id, agreement.Number, agreement.Title, cycle, t.Title, t.State, t.Scope, t.DueAt, t.DueAt < now);
        }).OrderByDescending(t => t.Overdue).ThenBy(t => t.DueAt ?? DateTime.MaxValue).ToList();
    }

    private static void ValidateBasics(string title, DateOnly start, DateOnly end)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议名称必填", "title");
        if (title.Length > 200) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议名称不能超过 200 字", "title");
        if (end <= start) throw new WorkflowException(WorkflowErrorKind.Invalid, $"协议期限结束日期 {end:yyyy-MM-dd} 必须晚于开始日期 {start:yyyy-MM-dd}", "termEnd");
        if (end.DayNumber - start.DayNumber > 366 * 10) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议期限不能超过 10 年", "termEnd");
    }

    private sealed record ResolvedParty(PartyInput Input, Institution Institution);

    /// <summary>Resolves party codes and checks the parties against the program's role rules right away, so a
    /// school learns at drafting time that a partner is ineligible.</summary>
    private static async Task<List<ResolvedParty>> ResolvePartiesAsync(PairingDbContext db, string city, IReadOnlyList<PartyInput> inputs,
        WorkflowDefinition definition, CancellationToken ct)
    {
        if (inputs.Count < 2) throw new WorkflowException(WorkflowErrorKind.Invalid, "协议至少需要两方", "parties");
        var codes = inputs.Select(p => p.InstitutionCode).ToList();
        var found = await db.Institutions.AsNoTracking().Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, ct);
        var resolved = new List<ResolvedParty>();
        for (var n = 0; n < inputs.Count; n++)
        {
            var input = inputs[n];
            if (!found.TryGetValue(input.InstitutionCode, out var institution))
                throw new WorkflowException(WorkflowErrorKind.Invalid, $"名录中没有机构 {input.InstitutionCode}", $"parties[{n}].institution");
            if (institution.CityCode != city && !institution.Tags.Contains(InstitutionTag.University))
                throw new WorkflowException(WorkflowErrorKind.Invalid, $"{institution.Name} 不属于本市", $"parties[{n}].institution");
            resolved.Add(new(input, institution));
        }
        var rules = JsonParams.PartyRules(definition.Parameters["roles"]);
        var violations = PartyRules.Check(rules, resolved.Select(r => new PartyFacts(r.Input.Role, r.Institution.Code, r.Institution.Name,
            r.Institution.CountyCode, r.Institution.Tags, r.Institution.Stages)).ToList());
        if (violations.Count > 0)
            throw new WorkflowException(WorkflowErrorKind.Refused, string.Join("；", violations.Select(v => v.Message)), "parties", violations[0].Rule);
        return resolved;
    }

    private static List<AgreementParty> PartyRows(Guid agreementId, IEnumerable<ResolvedParty> parties) =>
        parties.Select(p => new AgreementParty
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, InstitutionId = p.Institution.Id, InstitutionCode = p.Institution.Code,
            Role = p.Input.Role, Signatory = p.Input.Signatory,
        }).ToList();

    private static Dictionary<string, List<string>> ScopesOf(string owner, string city, IEnumerable<Institution> parties)
    {
        var list = parties.ToList();
        return new()
        {
            ["owner"] = [Scope.Institution(owner)],
            ["party"] = list.Select(i => Scope.Institution(i.Code)).ToList(),
            ["county"] = list.Where(i => i.CountyCode is not null && i.CityCode == city).Select(i => Scope.County(i.CountyCode!)).Distinct().ToList(),
            ["city"] = [Scope.City(city)],
        };
    }

    private static JsonObject DateContext(Agreement a) => new()
    {
        ["termStart"] = a.TermStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["termEnd"] = a.TermEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static void Apply(Agreement a, AgreementChanges c)
    {
        if (c.Title is not null) a.Title = c.Title.Trim();
        if (c.TermStart is { } s) a.TermStart = s;
        if (c.TermEnd is { } e) a.TermEnd = e;
        if (c.Goals is not null) a.Goals = c.Goals;
        if (c.Measures is not null) a.Measures = c.Measures.ToList();
        if (c.FocusAreas is not null) a.FocusAreas = c.FocusAreas.ToList();
        if (c.FundingSource is not null) a.FundingSource = c.FundingSource;
        if (c.BudgetLine is not null) a.BudgetLine = c.BudgetLine;
        if (c.FundingAmount is not null) a.FundingAmount = c.FundingAmount;
        if (c.ContactName is not null) a.ContactName = c.ContactName;
        if (c.ContactPhone is not null) a.ContactPhone = c.ContactPhone;
    }

    private static async Task<string> NextNumberAsync(PairingDbContext db, string city, string program, int year, CancellationToken ct)
    {
        var cityRow = await db.Cities.AsNoTracking().FirstAsync(c => c.Code == city, ct);
        var prefix = $"{cityRow.AdminCode}-{ProgramCatalog.NumberPrefixes[program]}-{year}-";
        var count = await db.Agreements.CountAsync(a => a.Number.StartsWith(prefix), ct);
        return $"{prefix}{count + 1:000}";
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
