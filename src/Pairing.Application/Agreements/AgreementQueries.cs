using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Accounts;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>What a user may read about agreements: listings, the full record, the inbox and notifications, each
/// limited to what the user's institution or jurisdiction allows.</summary>
public sealed class AgreementQueries(PairingApp app)
{
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
        var agreement = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
        return (await SummariesAsync(db, [agreement], ct))[0];
    }

    public async Task<AgreementDetail> ShowAsync(string userName, string number, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
        var summary = (await SummariesAsync(db, [agreement], ct))[0];
        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
        var definition = await app.Definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        var state = definition.State(instance.State);
        // Signing is offered only to the account each party chose as its signatory (the designated-signatory guard).
        var designated = agreement.Parties.Any(p => p.SignatoryAccount == account.UserName);
        var available = instance.Status != InstanceStatus.Open ? [] : state.Actions
            .Where(a => a.Roles.Any(actor.Roles.Contains) && !a.Roles.Contains(Workflows.Plugins.Actor.SystemRole))
            .Where(a => designated || a.Guards.All(g => g.Name != "designated-signatory"))
            .Select(a => $"{a.Id}（{a.Title}）").ToList();

        var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == instance.Id).OrderBy(i => i.ChildKey).ToListAsync(ct);
        var cycles = new List<CycleView>();
        foreach (var child in children)
            cycles.Add(CycleViewOf(child, await app.Definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct)));
        var instanceIds = children.Select(c => c.Id).Append(instance.Id).ToList();
        var tasks = await TasksOfAsync(db, instanceIds, app.UtcNow, ct);
        var revisions = await db.AgreementRevisions.AsNoTracking().Where(r => r.AgreementId == agreement.Id).OrderBy(r => r.Number)
            .Select(r => new RevisionView(r.Number, r.ContentHash, r.FrozenAt, r.SignedAt)).ToListAsync(ct);
        var incidents = await db.Incidents.AsNoTracking().Where(i => instanceIds.Contains(i.InstanceId))
            .Select(i => new IncidentView(i.Id, i.Step, i.Effect, i.Error, i.Attempts, i.Status)).ToListAsync(ct);
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instance.Id).OrderBy(e => e.Seq)
            .Select(e => new JournalView(e.Seq, e.At, e.ActorName, e.Kind, e.Action, e.FromState, e.ToState, e.Comment, e.Hash)).ToListAsync(ct);
        var stored = await db.AgreementDocuments.AsNoTracking().Where(d => d.AgreementId == agreement.Id).OrderBy(d => d.Revision).ToListAsync(ct);
        var documents = stored.Where(d => d.Kind == DocumentKind.Agreement)
            .Select(d => new DocumentView(d.Revision, d.Reference, d.SignedBy, d.Sealed, d.Pdf.LongLength, d.UpdatedAt,
                stored.Any(c => c.Kind == DocumentKind.Certificate && c.Revision == d.Revision))).ToList();
        return new AgreementDetail(summary, instance.DefinitionId, instance.DefinitionVersion, agreement.Goals, agreement.Measures, agreement.FocusAreas,
            agreement.Targets, agreement.FundingSource, agreement.BudgetLine, agreement.FundingAmount, available, tasks, cycles, revisions, incidents, journal,
            documents);
    }

    private static CycleView CycleViewOf(WorkflowInstance child, WorkflowDefinition definition)
    {
        var context = JsonNode.Parse(child.ContextJson) as JsonObject ?? new JsonObject();
        return new CycleView(child.ChildKey!.Split(':')[1], child.DefinitionId, Text(context, "periodLabel") ?? "", child.State,
            definition.State(child.State).Title, child.Status, Text(context, "dueDate"), child.Version, Text(context, "rating"), Text(context, "summary"),
            Text(context, "indicators"));
    }

    /// <summary>One report or evaluation cycle of an agreement: its content, the actions this user may take on it (with
    /// their inputs), its evidence files and its journal.</summary>
    public async Task<CycleDetail> CycleAsync(string userName, string number, string cycle, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, actor) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
        var summary = (await SummariesAsync(db, [agreement], ct))[0];
        var child = (await db.Instances.AsNoTracking().Where(i => i.ParentId == agreement.InstanceId).ToListAsync(ct))
            .FirstOrDefault(i => i.ChildKey!.EndsWith(":" + cycle, StringComparison.Ordinal))
            ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"协议 {number} 没有周期 {cycle}", "cycle");
        var definition = await app.Definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct);
        var actions = child.Status != InstanceStatus.Open ? [] : definition.State(child.State).Actions
            .Where(a => a.Roles.Any(actor.Roles.Contains) && !a.Roles.Contains(Workflows.Plugins.Actor.SystemRole))
            .Select(a => new CycleActionView(a.Id, a.Title, a.CommentRequired,
                a.Inputs.Select(i => new InputView(i.Name, i.Title, i.Required, i.Choices, i.MaxLength)).ToList())).ToList();
        var evidence = await db.EvidenceFiles.AsNoTracking().Where(e => e.AgreementId == agreement.Id && e.Cycle == cycle).OrderBy(e => e.UploadedAt)
            .Select(e => new EvidenceView(e.Id, e.FileName, e.Size, e.UploadedBy, e.UploadedAt)).ToListAsync(ct);
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == child.Id).OrderBy(e => e.Seq)
            .Select(e => new JournalView(e.Seq, e.At, e.ActorName, e.Kind, e.Action, e.FromState, e.ToState, e.Comment, e.Hash)).ToListAsync(ct);
        return new CycleDetail(summary, CycleViewOf(child, definition), actions, evidence, journal);
    }

    /// <summary>An evidence file, for someone who may see its agreement.</summary>
    public async Task<EvidenceFile> EvidenceAsync(string userName, string number, Guid id, CancellationToken ct = default)
    {
        await using var db = app.Db();
        var (account, _) = await ActorDirectory.ResolveAsync(db, userName, ct);
        var agreement = await AgreementAccess.FindVisibleAsync(db, account, number, ct);
        return await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.AgreementId == agreement.Id, ct)
            ?? throw new WorkflowException(WorkflowErrorKind.NotFound, "佐证文件不存在", "id");
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
            var definition = await app.Definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
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

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
