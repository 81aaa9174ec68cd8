using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Operations;

/// <summary>故障: effects that failed after their step committed (a notification), listed, retried or resolved with a
/// reason — operations work for administrators and bureau staff. An incident is named by its id or a unique prefix.</summary>
public static class Incidents
{
    public sealed record List(string User) : IRequest<IReadOnlyList<Incident>>;

    public sealed record Retry(string User, string Id) : IRequest<Incident>;

    public sealed record Resolve(string User, string Id, string Comment) : IRequest<Incident>;

    public sealed class Handler(PairingDatabase database, IncidentService incidents)
        : IRequestHandler<List, IReadOnlyList<Incident>>, IRequestHandler<Retry, Incident>, IRequestHandler<Resolve, Incident>
    {
        public async Task<IReadOnlyList<Incident>> Handle(List request, CancellationToken ct)
        {
            await using var db = database.Create();
            await OperatorAsync(db, request.User, ct);
            return await db.Incidents.AsNoTracking().Where(i => i.Status == IncidentStatus.Open).OrderBy(i => i.CreatedAt).ToListAsync(ct);
        }

        public async Task<Incident> Handle(Retry request, CancellationToken ct)
        {
            var (actor, id) = await ResolveAsync(request.User, request.Id, ct);
            return await incidents.RetryAsync(id, actor, ct);
        }

        public async Task<Incident> Handle(Resolve request, CancellationToken ct)
        {
            var (actor, id) = await ResolveAsync(request.User, request.Id, ct);
            return await incidents.ResolveAsync(id, actor, request.Comment, ct);
        }

        private async Task<(Actor Actor, Guid Id)> ResolveAsync(string user, string prefix, CancellationToken ct)
        {
            await using var db = database.Create();
            var actor = await OperatorAsync(db, user, ct);
            var ids = (await db.Incidents.AsNoTracking().Select(i => i.Id).ToListAsync(ct))
                .Where(i => i.ToString().StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            return ids.Count == 1 ? (actor, ids[0]) : throw new PairingException(ErrorKind.NotFound,
                ids.Count == 0 ? $"没有故障 {prefix}" : $"编号 {prefix} 对应多个故障，请写得更长", "id");
        }

        private static async Task<Actor> OperatorAsync(PairingDbContext db, string user, CancellationToken ct)
        {
            var (account, actor) = await ActorDirectory.ResolveAsync(db, user, ct);
            AgreementPolicy.EnsureBureau(account, "只有管理员和教育局可以处理故障");
            return actor;
        }
    }
}
