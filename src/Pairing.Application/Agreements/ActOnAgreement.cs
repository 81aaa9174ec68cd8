using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>Any workflow action on an agreement — submit, approve, return, sign, amend, complete… — or, with Cycle, on
/// one of its semester reports or annual evaluations (with evidence files). The agreement is read once; a signature's
/// PDF work is done before the step, which then stores the result with the action, the evidence and the journal in
/// one transaction.</summary>
public static class ActOnAgreement
{
    public sealed record Command(string User, AgreementAction Action) : IRequest<ActionOutcome>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Action.Action).NotEmpty().WithMessage("必须指明动作").OverridePropertyName("action");
            RuleFor(c => c.Action.IdempotencyKey).NotEmpty().WithMessage("每个动作都必须带幂等键").MaximumLength(200)
                .WithMessage("幂等键不能超过 200 个字符").OverridePropertyName("idempotencyKey");
            RuleFor(c => c.Action.Comment).MaximumLength(2000).WithMessage("意见不能超过 2000 字").OverridePropertyName("comment");
        }
    }

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, WorkflowEngine engine, SignaturePreparation signing, TimeProvider clock)
        : IRequestHandler<Command, ActionOutcome>
    {
        public async Task<ActionOutcome> Handle(Command command, CancellationToken ct)
        {
            var request = command.Action;
            var now = clock.GetUtcNow().UtcDateTime;
            Guid instanceId;
            Workflows.Plugins.Actor actor;
            List<EvidenceFile> evidence = [];
            PreparedSignature? prepared = null;
            await using (var db = database.Create())
            {
                (var account, actor) = await ActorDirectory.ResolveAsync(db, command.User, ct);
                var agreement = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
                instanceId = agreement.InstanceId;
                if (request.Evidence is { Count: > 0 } uploads)
                {
                    if (request.Cycle is null) throw new PairingException(ErrorKind.Invalid, "佐证文件只能随报告或评估提交", "evidence");
                    evidence = Evidence.Check(uploads, agreement.Id, request.Cycle, command.User, now);
                }
                if (request.Cycle is { } cycle)
                {
                    var children = await db.Instances.AsNoTracking().Where(i => i.ParentId == agreement.InstanceId).ToListAsync(ct);
                    instanceId = children.FirstOrDefault(c => c.ChildKey!.EndsWith(":" + cycle, StringComparison.Ordinal))?.Id
                        ?? throw new PairingException(ErrorKind.NotFound,
                            $"协议 {agreement.Number} 没有周期 {cycle}（现有：{string.Join("、", children.Select(c => c.ChildKey!.Split(':')[1]))}）", "cycle");
                }
                else
                {
                    var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
                    var definition = await definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
                    if (definition.State(instance.State).Signoff?.Action == request.Action)
                        prepared = await signing.PrepareAsync(db, account, actor, agreement, instance, ProgramInfo.Of(definition)?.Title ?? agreement.Program,
                            request.Participant, now, ct);
                }
            }
            // Evidence and a prepared signature are saved in the action's own transaction: a refused action keeps
            // neither, a failed save leaves no action.
            return await engine.ExecuteAsync(instanceId, request.Action, actor,
                new ActionRequest(request.IdempotencyKey, request.Comment, request.Inputs, request.ExpectedVersion, request.Participant,
                    evidence.Count == 0 && prepared is null ? null : async (step, _) =>
                    {
                        var db = step.Db();
                        db.AddRange(evidence);
                        if (prepared is not null) await prepared.StoreAsync(db, ct);
                    }), ct);
        }
    }
}
