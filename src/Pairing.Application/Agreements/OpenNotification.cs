using MediatR;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Notifications;

namespace Pairing.Application.Agreements;

/// <summary>Following a notification's link (in the inbox or an e-mail) marks it read for this user and leads to
/// the agreement or report it is about.</summary>
public static class OpenNotification
{
    public sealed record Command(string User, Guid Id) : IRequest<string>;

    public sealed class Handler(PairingDatabase database, TimeProvider clock) : IRequestHandler<Command, string>
    {
        public async Task<string> Handle(Command request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var note = (await NotificationInbox.AddressedToAsync(db, actor, ct)).FirstOrDefault(n => n.Id == request.Id)
                ?? throw new PairingException(ErrorKind.NotFound, "通知不存在或您无权查看", "id");
            var now = clock.GetUtcNow().UtcDateTime;
            if (!(await NotificationInbox.ReadsAsync(db, account.UserName, ct)).ContainsKey(note.Id))
            {
                db.NotificationReads.Add(new NotificationRead { NotificationId = note.Id, UserName = account.UserName, ReadAt = now });
                try { await db.SaveChangesAsync(ct); }
                catch (Microsoft.EntityFrameworkCore.DbUpdateException) { /* opened twice at once: read either way */ }
            }
            return (await NotificationInbox.DescribeAsync(db, [note], [], now, ct))[0].Link;
        }
    }
}
