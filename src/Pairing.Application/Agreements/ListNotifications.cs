using MediatR;
using Pairing.Application.Access;
using Pairing.Data;

namespace Pairing.Application.Agreements;

/// <summary>通知: approvals, returns with their reasons, signatures, reminders and overdue notices addressed to this
/// user's scope and roles, newest first, each marked read or unread for this user.</summary>
public static class ListNotifications
{
    public sealed record Query(string User, bool UnreadOnly = false) : IRequest<IReadOnlyList<NotificationView>>;

    public sealed class Handler(PairingDatabase database, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<NotificationView>>
    {
        public async Task<IReadOnlyList<NotificationView>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var reads = await NotificationInbox.ReadsAsync(db, account.UserName, ct);
            var notes = await NotificationInbox.AddressedToAsync(db, actor, ct);
            if (request.UnreadOnly) notes = notes.Where(n => !reads.ContainsKey(n.Id)).ToList();
            return await NotificationInbox.DescribeAsync(db, notes, reads, clock.GetUtcNow().UtcDateTime, ct);
        }
    }
}
