using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Catalog;
using Pairing.Application.Plugins;
using Pairing.Application.Words;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>How agreements, cycles and tasks read on a list or a page; shared by the query use cases.</summary>
internal static class AgreementReads
{
    public static async Task<List<AgreementSummary>> SummariesAsync(PairingDbContext db, DefinitionStore definitions, List<Agreement> agreements, CancellationToken ct)
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
            var definition = await definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
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
            result.Add(new AgreementSummary(a.Number, a.Program, ProgramInfo.Of(definition)?.Title ?? a.Program, a.CityCode, a.Title, instance.State,
                definition.State(instance.State).Title, instance.Version, a.TermStart, a.TermEnd, parties));
        }
        return result;
    }

    public static async Task<List<TaskView>> DescribeTasksAsync(PairingDbContext db, List<WorkflowTask> tasks, DateTime now, CancellationToken ct)
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

    public static CycleView CycleViewOf(WorkflowInstance child, WorkflowDefinition definition)
    {
        var context = JsonNode.Parse(child.ContextJson) as JsonObject ?? new JsonObject();
        return new CycleView(child.ChildKey!.Split(':')[1], child.DefinitionId, Text(context, "periodLabel") ?? "", child.State,
            definition.State(child.State).Title, child.Status, Text(context, "dueDate"), child.Version, Text(context, "rating"), Text(context, "summary"),
            Text(context, "indicators"));
    }

    public static async Task<List<JournalView>> JournalAsync(PairingDbContext db, Guid instanceId, WorkflowDefinition definition, CancellationToken ct)
    {
        var entries = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Seq)
            .Select(e => new JournalView(e.Seq, e.At, e.ActorName, e.Kind, e.Action, e.FromState, e.ToState, e.Comment, e.Hash, "")).ToListAsync(ct);
        return entries.Select(e => e with { Text = WorkflowWords.Journal(e.Kind, e.Action, e.From, e.To, definition) }).ToList();
    }

    /// <summary>The reason the instance is where it is, when it was sent back there by an action that needs a reason
    /// (退回修改, 拒签并退回) and nothing has moved it since.</summary>
    public static ReturnNotice? LastReturn(IReadOnlyList<JournalView> journal, WorkflowDefinition definition, string state)
    {
        var last = journal.LastOrDefault(j => j.From != j.To);
        if (last is null || last.To != state || last.Comment is null) return null;
        var action = definition.States.FirstOrDefault(s => s.Id == last.From)?.Actions.FirstOrDefault(a => a.Id == last.Action);
        return action is { CommentRequired: true } ? new ReturnNotice(last.Actor, last.At, action.Title, last.Comment) : null;
    }

    /// <summary>Account names as people read them (陈老师, not qy.c01); unknown names are kept as given.</summary>
    public static async Task<Dictionary<string, string>> PeopleAsync(PairingDbContext db, IEnumerable<string> userNames, CancellationToken ct)
    {
        var names = userNames.Distinct().ToList();
        var found = await db.Accounts.AsNoTracking().Where(a => names.Contains(a.UserName)).Select(a => new { a.UserName, a.DisplayName }).ToListAsync(ct);
        return names.ToDictionary(n => n, n => found.FirstOrDefault(f => f.UserName == n)?.DisplayName ?? n);
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
