using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Data;
using Pairing.Domain.Agreements;

namespace Pairing.Application.Agreements;

/// <summary>通知: reminders, overdue notices and returns addressed to this user's scope and roles, newest first.</summary>
public static class ListNotifications
{
    public sealed record Query(string User) : IRequest<IReadOnlyList<Notification>>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, IReadOnlyList<Notification>>
    {
        public async Task<IReadOnlyList<Notification>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (_, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var scopes = actor.Scopes.ToList();
            var notes = await db.Notifications.AsNoTracking().Where(n => scopes.Contains(n.Scope) || scopes.Contains("*")).OrderByDescending(n => n.At).ToListAsync(ct);
            return notes.Where(n => n.Roles.Split(',').Any(actor.Roles.Contains)).ToList();
        }
    }
}
