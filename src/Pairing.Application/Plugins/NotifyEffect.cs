using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Documents;
using Pairing.Application.Notifications;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Notifications;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Plugins;

/// <summary>Leaves a message for everyone in a scope slot with one of the roles, and puts its e-mails in the outbox.
/// It runs inside the step: the notification and its e-mails are stored with the step or not at all, and the e-mails
/// are delivered after commit (<see cref="DeliverEmails"/>). Text may use {title}, {number}, {periodLabel},
/// {dueDate}, {termEnd}, {comment} (the reason given with this action) and {actor} (who acted: their institution, or
/// their bureau). Optional parameters: "state" sends only when the step ends in that state (one sign-off of several
/// versus the last one); "exceptActor" skips the actor's own scope keys (tell the other side); "afterDue" is how a
/// reminder reads once the context's dueDate has passed.</summary>
public sealed class NotifyEffect(MailSettings mail, EngineOptions engine) : IEffect
{
    public string Name => "notify";
    public IReadOnlyList<string> RequiredParams => ["scope", "roles", "text"];
    public bool AfterCommit => false;

    public async Task RunAsync(EffectContext context, CancellationToken ct)
    {
        var db = context.Db();
        if (context.Params["state"]?.GetValue<string>() is { } only && only != context.Instance.State) return;
        if (await db.Set<Notification>().AnyAsync(n => n.Key.StartsWith(context.Key), ct)) return;
        // Report cycles share their agreement's subject id.
        var subjectId = Guid.TryParse(context.Instance.SubjectId, out var g) ? g : Guid.Empty;
        var agreement = await db.Set<Agreement>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == subjectId, ct);
        var fields = context.Context ?? JsonNode.Parse(context.Instance.ContextJson) as JsonObject ?? new JsonObject();
        var dueDate = DateOnly.TryParseExact(Text(fields, "dueDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        var values = new Dictionary<string, string>
        {
            ["{title}"] = agreement?.Title ?? "",
            ["{number}"] = agreement?.Number ?? "",
            ["{periodLabel}"] = Text(fields, "periodLabel") ?? "",
            ["{dueDate}"] = dueDate is { } due ? ChineseDates.Date(due) : "",
            ["{termEnd}"] = agreement is null ? "" : ChineseDates.Date(agreement.TermEnd),
            ["{comment}"] = await CommentAsync(db, context, ct) ?? "",
            ["{actor}"] = await ActorNameAsync(db, context.Actor, ct),
        };
        var text = Fill(context.Params["text"]!.GetValue<string>(), values);
        var afterDue = context.Params["afterDue"]?.GetValue<string>() is { } later && dueDate is { } deadline ? Fill(later, values) : null;
        var roles = JsonParams.Strings(context.Params, "roles");
        var slots = InstanceScopes.Parse(context.Instance.ScopesJson);
        var slot = context.Params["scope"]!.GetValue<string>();
        // Like a task's ofActingParty: only the county of the school that acted, when the instance links it.
        var scopes = context.Params["ofActingParty"]?.GetValue<bool>() == true
            ? InstanceScopes.OfActor(slots, slot, context.Actor.Scopes) : InstanceScopes.Slot(slots, slot);
        if (context.Params["exceptActor"]?.GetValue<bool>() == true) scopes = scopes.Where(s => !context.Actor.Scopes.Contains(s)).ToList();
        foreach (var scope in scopes)
        {
            var note = new Notification
            {
                Id = Guid.NewGuid(),
                Key = $"{context.Key}/{scope}",
                InstanceId = context.Instance.Id,
                Scope = scope,
                Roles = string.Join(',', roles),
                Text = text,
                At = context.Now,
                // The first instant after the deadline, as tasks store it.
                DueAt = afterDue is null ? null : engine.LocalMidnightUtc(dueDate!.Value.AddDays(1)),
                TextAfterDue = afterDue,
            };
            db.Set<Notification>().Add(note);
            EmailOutbox.Enqueue(db, mail, note, await Recipients.OfAsync(db, scope, roles, ct), $"/notifications/{note.Id}");
        }
    }

    private static string Fill(string template, Dictionary<string, string> values) =>
        values.Aggregate(template, (text, kv) => text.Replace(kv.Key, kv.Value, StringComparison.Ordinal));

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The reason typed with this action: the step's own journal entry (not yet saved inside the step;
    /// stored when an incident retries an older effect).</summary>
    private static async Task<string?> CommentAsync(PairingDbContext db, EffectContext context, CancellationToken ct)
    {
        var entry = db.ChangeTracker.Entries<JournalEntry>().Select(e => e.Entity).Where(e => e.InstanceId == context.Instance.Id && (e.Kind == "action" || e.Kind == "signoff"))
            .OrderByDescending(e => e.Seq).FirstOrDefault()
            ?? await db.Journal.AsNoTracking().Where(e => e.InstanceId == context.Instance.Id && (e.Kind == "action" || e.Kind == "signoff")).OrderByDescending(e => e.Seq).FirstOrDefaultAsync(ct);
        return entry?.Comment;
    }

    private static async Task<string> ActorNameAsync(PairingDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.IsSystem) return "系统";
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == actor.Id, ct);
        if (account?.InstitutionId is { } institutionId)
            return await db.Institutions.AsNoTracking().Where(i => i.Id == institutionId).Select(i => i.Name).FirstOrDefaultAsync(ct) ?? actor.Name;
        return account?.DisplayName ?? actor.Name;
    }
}
