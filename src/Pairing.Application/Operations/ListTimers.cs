using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Workflows.Persistence;

namespace Pairing.Application.Operations;

/// <summary>The pending timers, soonest first (at most 200).</summary>
public static class ListTimers
{
    public sealed record Query : IRequest<IReadOnlyList<WorkflowTimer>>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, IReadOnlyList<WorkflowTimer>>
    {
        public async Task<IReadOnlyList<WorkflowTimer>> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            return await db.Timers.AsNoTracking().Where(t => t.Status == TimerStatus.Pending).OrderBy(t => t.DueAt).Take(200).ToListAsync(ct);
        }
    }
}
