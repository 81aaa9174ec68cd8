using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>Removes an evidence file from a report or evaluation before it is (re)submitted — by someone who could
/// submit it now. Once the cycle moves on (submitted, accepted), its files stay as they were reviewed.</summary>
public static class RemoveEvidence
{
    public sealed record Command(string User, string Number, string Cycle, Guid Id) : IRequest<string>;

    /// <summary>Files may be removed by whoever is offered the cycle's submitting action (the one that takes inputs).</summary>
    public static bool Allowed(IReadOnlyList<OfferedAction> offered) => offered.Any(a => a.Inputs.Count > 0);

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions) : IRequestHandler<Command, string>
    {
        public async Task<string> Handle(Command request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
            var child = (await db.Instances.AsNoTracking().Where(i => i.ParentId == agreement.InstanceId).ToListAsync(ct))
                .FirstOrDefault(i => i.ChildKey!.EndsWith(":" + request.Cycle, StringComparison.Ordinal))
                ?? throw new PairingException(ErrorKind.NotFound, "该协议没有这个报告周期", "cycle");
            var definition = await definitions.GetAsync(child.DefinitionId, child.DefinitionVersion, ct);
            if (!Allowed(AgreementPolicy.Offered(actor, child, definition)))
                throw new PairingException(ErrorKind.Forbidden, "只有可以提交本周期报告的学校，在提交前才能删除佐证文件", "id");
            var file = await db.EvidenceFiles.AsNoTracking().Where(e => e.Id == request.Id && e.AgreementId == agreement.Id && e.Cycle == request.Cycle)
                .Select(e => e.FileName).FirstOrDefaultAsync(ct)
                ?? throw new PairingException(ErrorKind.NotFound, "佐证文件不存在或已删除", "id");
            // One statement, and only while the cycle is as checked: a submission that lands first keeps its files.
            var removed = await db.EvidenceFiles
                .Where(e => e.Id == request.Id && db.Instances.Any(i => i.Id == child.Id && i.Version == child.Version))
                .ExecuteDeleteAsync(ct);
            if (removed == 0) throw new PairingException(ErrorKind.Conflict, "报告刚被提交或办理，佐证文件未删除，请刷新后查看", "id");
            return file;
        }
    }
}
