using Microsoft.EntityFrameworkCore;
using Pairing.Application.Documents;
using Pairing.Data;
using Pairing.Domain.Notifications;
using Pairing.Workflows.Plugins;
using TaskStatus = Pairing.Workflows.Persistence.TaskStatus;

namespace Pairing.Application.Agreements;

/// <summary>One notification as its reader sees it: the text as it reads now (a reminder whose deadline has passed
/// says so), where it leads, and whether this reader has read it.</summary>
public sealed record NotificationView(Guid Id, DateTime At, string Text, string? Number, string? AgreementTitle, string? Cycle,
    string Link, bool Unread, DateTime? ReadAt);

/// <summary>The notifications addressed to an actor (its scope keys and one of its roles, as tasks are), and how
/// each reads for one account. Every notification use case finds them through here, so nobody sees or marks
/// another's.</summary>
internal static class NotificationInbox
{
    public static async Task<List<Notification>> AddressedToAsync(PairingDbContext db, Actor actor, CancellationToken ct)
    {
        var query = db.Notifications.AsNoTracking();
        if (!actor.Scopes.Contains(Actor.AnyScope))
        {
            var scopes = actor.Scopes.ToList();
            query = query.Where(n => scopes.Contains(n.Scope));
        }
        var notes = await query.ToListAsync(ct);
        return notes.Where(n => n.Roles.Split(',').Any(actor.Roles.Contains)).OrderByDescending(n => n.At).ThenBy(n => n.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>How many notifications addressed to the actor this account has not read, counted by the database:
    /// every page's header asks, so it must not load them.</summary>
    public static async Task<int> UnreadCountAsync(PairingDbContext db, Actor actor, string userName, CancellationToken ct)
    {
        if (actor.Roles.Count > 3)
        {
            var reads = await ReadsAsync(db, userName, ct);
            return (await AddressedToAsync(db, actor, ct)).Count(n => !reads.ContainsKey(n.Id));
        }
        // Roles are stored comma-separated; each is matched whole (",admin," must not match "province-admin").
        var roles = actor.Roles.Select(r => "," + r + ",").Concat(Enumerable.Repeat("\u0001", 3)).Take(3).ToArray();
        var (r0, r1, r2) = (roles[0], roles[1], roles[2]);
        var query = db.Notifications.AsNoTracking();
        if (!actor.Scopes.Contains(Actor.AnyScope))
        {
            var scopes = actor.Scopes.ToList();
            query = query.Where(n => scopes.Contains(n.Scope));
        }
        return await query
            .Where(n => ("," + n.Roles + ",").Contains(r0) || ("," + n.Roles + ",").Contains(r1) || ("," + n.Roles + ",").Contains(r2))
            .CountAsync(n => !db.NotificationReads.Any(r => r.UserName == userName && r.NotificationId == n.Id), ct);
    }

    public static async Task<Dictionary<Guid, DateTime>> ReadsAsync(PairingDbContext db, string userName, CancellationToken ct) =>
        await db.NotificationReads.AsNoTracking().Where(r => r.UserName == userName).ToDictionaryAsync(r => r.NotificationId, r => r.ReadAt, ct);

    public static async Task<List<NotificationView>> DescribeAsync(PairingDbContext db, List<Notification> notes, Dictionary<Guid, DateTime> reads,
        DateTime now, CancellationToken ct)
    {
        var instanceIds = notes.Select(n => n.InstanceId).Distinct().ToList();
        var instances = await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.SubjectId, i.ChildKey }).ToDictionaryAsync(i => i.Id, ct);
        var subjectIds = instances.Values.Select(i => Guid.TryParse(i.SubjectId, out var g) ? g : Guid.Empty).Distinct().ToList();
        var agreements = await db.Agreements.AsNoTracking().Where(a => subjectIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.Title }).ToDictionaryAsync(a => a.Id, ct);
        // A reminder past its deadline says whether the work it asked for is still waiting.
        var pastDue = notes.Where(n => n.DueAt <= now && n.TextAfterDue is not null).Select(n => n.InstanceId).Distinct().ToList();
        var waiting = await db.Tasks.AsNoTracking().Where(t => pastDue.Contains(t.InstanceId) && t.Status == TaskStatus.Open)
            .Select(t => new { t.InstanceId, t.Scope, t.DueAt }).ToListAsync(ct);
        return notes.Select(n =>
        {
            var instance = instances.GetValueOrDefault(n.InstanceId);
            var agreement = instance is not null && Guid.TryParse(instance.SubjectId, out var id) ? agreements.GetValueOrDefault(id) : null;
            var cycle = instance?.ChildKey?.Split(':') is [_, var key] ? key : null;
            var text = n.Text;
            if (n is { DueAt: { } due, TextAfterDue: { } after } && due <= now)
            {
                text = after;
                if (waiting.Any(t => t.InstanceId == n.InstanceId && t.Scope == n.Scope && t.DueAt == due))
                {
                    var days = DateOnly.FromDateTime(ChineseDates.Local(now)).DayNumber - DateOnly.FromDateTime(ChineseDates.Local(due.AddTicks(-1))).DayNumber;
                    text += $"，已逾期 {days} 天";
                }
            }
            var read = reads.TryGetValue(n.Id, out var at) ? at : (DateTime?)null;
            return new NotificationView(n.Id, n.At, text, agreement?.Number, agreement?.Title, cycle,
                agreement is null ? "/" : LinkOf(agreement.Number, cycle), read is null, read);
        }).ToList();
    }

    public static string LinkOf(string number, string? cycle) => cycle is null ? $"/agreements/{number}" : $"/agreements/{number}/cycles/{cycle}";
}
