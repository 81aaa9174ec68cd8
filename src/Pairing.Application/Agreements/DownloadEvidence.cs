using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Domain.Agreements;

namespace Pairing.Application.Agreements;

/// <summary>An evidence file of a report, for someone who may see its agreement.</summary>
public static class DownloadEvidence
{
    public sealed record Query(string User, string Number, Guid Id) : IRequest<EvidenceFile>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, EvidenceFile>
    {
        public async Task<EvidenceFile> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
            return await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.Id && e.AgreementId == agreement.Id, ct)
                ?? throw new PairingException(ErrorKind.NotFound, "佐证文件不存在", "id");
        }
    }
}
