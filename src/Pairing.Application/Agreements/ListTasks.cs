using MediatR;
using Pairing.Application.Access;
using Pairing.Data;

namespace Pairing.Application.Agreements;

/// <summary>待办: the open tasks this user may act on, in the order the inbox shows them — first what can still be
/// done on time (soonest deadline first, then those without a deadline, newest first), then what is overdue (most
/// overdue first). A new review task is therefore never buried under old overdue reports.</summary>
public static class ListTasks
{
    public sealed record Query(string User) : IRequest<IReadOnlyList<TaskView>>;

    public sealed class Handler(PairingDatabase database, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<TaskView>>
    {
        public async Task<IReadOnlyList<TaskView>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (_, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var open = await TaskInbox.OpenForAsync(db, actor, ct);
            return await TaskInbox.DescribeAsync(db, open, clock.GetUtcNow().UtcDateTime, ct);
        }
    }
}
