using MediatR;
using Pairing.Application.Access;
using Pairing.Data;

namespace Pairing.Application.Agreements;

/// <summary>The 待办 page in one read: the open tasks (as <see cref="ListTasks"/>), the notifications (as
/// <see cref="ListNotifications"/>) and the header, whose unread count is taken from those same notifications. One
/// connection and one account lookup instead of three: it is the page every user opens first and most often.</summary>
public static class ShowInbox
{
    public sealed record Query(string User) : IRequest<Inbox>;

    public sealed record Inbox(IReadOnlyList<TaskView> Tasks, IReadOnlyList<NotificationView> Notifications, AccountHeader Header);

    public sealed class Handler(PairingDatabase database, TimeProvider clock) : IRequestHandler<Query, Inbox>
    {
        public async Task<Inbox> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var tasks = await TaskInbox.DescribeAsync(db, await TaskInbox.OpenForAsync(db, actor, ct), now, ct);
            var reads = await NotificationInbox.ReadsAsync(db, account.UserName, ct);
            var notes = await NotificationInbox.DescribeAsync(db, await NotificationInbox.AddressedToAsync(db, actor, ct), reads, now, ct);
            var header = new AccountHeader(ShowAccountHeader.NameOf(account), notes.Count(n => n.Unread), AgreementPolicy.IsBureau(account));
            return new Inbox(tasks, notes, header);
        }
    }
}
