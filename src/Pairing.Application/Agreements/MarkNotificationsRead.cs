using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Notifications;

namespace Pairing.Application.Agreements;

/// <summary>Marks notifications read for this user: the given ones, or all of them (全部标为已读). Only notifications
/// addressed to the user can be marked; any other id reads as not found, and nothing is marked.</summary>
public static class MarkNotificationsRead
{
    public sealed record Command(string User, IReadOnlyList<Guid> Ids, bool All = false) : IRequest<Result>;

    public sealed record Result(int Marked, int Unread);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Ids).Must((c, ids) => c.All || ids.Count > 0).WithName("ids").WithMessage("请指明要标为已读的通知，或选择全部标为已读");
            RuleFor(c => c.Ids).Must(ids => ids.Count <= 1000).WithName("ids").WithMessage("一次最多标记 1000 条通知");
        }
    }

    public sealed class Handler(PairingDatabase database, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var mine = (await NotificationInbox.AddressedToAsync(db, actor, ct)).Select(n => n.Id).ToHashSet();
            if (!request.All && request.Ids.Where(id => !mine.Contains(id)).ToList() is [var unknown, ..])
                throw new PairingException(ErrorKind.NotFound, $"通知 {unknown} 不存在或您无权查看", "ids");
            var reads = await NotificationInbox.ReadsAsync(db, account.UserName, ct);
            var targets = (request.All ? mine : request.Ids.ToHashSet()).Where(id => !reads.ContainsKey(id)).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var id in targets)
                db.NotificationReads.Add(new NotificationRead { NotificationId = id, UserName = account.UserName, ReadAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same notifications were marked at the same moment from another tab: they are read either way.
            }
            return new Result(targets.Count, mine.Count(id => !reads.ContainsKey(id)) - targets.Count);
        }
    }
}
