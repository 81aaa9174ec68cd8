using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>修改草稿: the drafting school's staff change a draft (or an amendment in progress) as one journaled step;
/// a stale version is a conflict. Returns the new version.</summary>
public static class UpdateAgreement
{
    public sealed record Command(string User, string Number, AgreementChanges Changes, int? ExpectedVersion) : IRequest<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Changes).NotNull().WithMessage("请指明要修改的内容（changes）").SetValidator(new AgreementInputRules.Changes());
    }

    public sealed class Handler(PairingDatabase database, DefinitionStore definitions, ProgramDirectory programs, WorkflowEngine engine) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken ct)
        {
            var changes = request.Changes;
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var agreement = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
            var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == agreement.InstanceId, ct);
            var definition = await definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
            AgreementPolicy.EnsureDrafter(account, instance);

            AgreementParties.ValidateBasics(changes.Title ?? agreement.Title, changes.TermStart ?? agreement.TermStart, changes.TermEnd ?? agreement.TermEnd);
            var parties = changes.Parties is null ? null : await AgreementParties.ResolveAsync(db, agreement.CityCode, changes.Parties, definition, await programs.TagsAsync(ct), ct);
            if (parties is not null && parties.All(p => p.Institution.Code != account.InstitutionCode))
                throw new PairingException(ErrorKind.Forbidden, "起草人所在机构必须是协议的一方", "parties");
            var scopes = parties is null ? null : AgreementParties.Scopes(account.InstitutionCode!, agreement.CityCode, parties.Select(p => p.Institution));
            var budget = await AgreementParties.BudgetAsync(db, agreement.CityCode, agreement.Program, changes.BudgetId, ct);
            var values = AgreementParties.DateContext(changes.TermStart ?? agreement.TermStart, changes.TermEnd ?? agreement.TermEnd);
            return await engine.UpdateContextAsync(agreement.InstanceId, values, actor, request.ExpectedVersion, async (step, _) =>
            {
                var stepDb = step.Db();
                var tracked = await stepDb.Set<Agreement>().Include(a => a.Parties).FirstAsync(a => a.Id == agreement.Id, ct);
                Apply(tracked, changes);
                if (budget is { } b) (tracked.BudgetId, tracked.FundingSource, tracked.BudgetLine) = (b.Id, b.Source, b.Line);
                if (parties is not null)
                {
                    stepDb.Set<AgreementParty>().RemoveRange(tracked.Parties);
                    tracked.Parties = AgreementParties.Rows(tracked.Id, parties);
                    stepDb.Set<AgreementParty>().AddRange(tracked.Parties);
                }
            }, scopes, ct);
        }

        private static void Apply(Agreement a, AgreementChanges c)
        {
            if (c.Title is not null) a.Title = c.Title.Trim();
            if (c.TermStart is { } s) a.TermStart = s;
            if (c.TermEnd is { } e) a.TermEnd = e;
            if (c.Goals is not null) a.Goals = c.Goals;
            if (c.Measures is not null) a.Measures = c.Measures.ToList();
            if (c.FocusAreas is not null) a.FocusAreas = c.FocusAreas.ToList();
            if (c.Targets is not null) a.Targets = c.Targets.ToList();
            if (c.FundingSource is not null) a.FundingSource = c.FundingSource;
            if (c.BudgetLine is not null) a.BudgetLine = c.BudgetLine;
            if (c.FundingAmount is not null) a.FundingAmount = c.FundingAmount;
            if (c.ContactName is not null) a.ContactName = c.ContactName;
            if (c.ContactPhone is not null) a.ContactPhone = c.ContactPhone;
        }
    }
}
