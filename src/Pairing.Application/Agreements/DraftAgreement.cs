using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Plugins;
using Pairing.Data;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>起草协议: a school's staff draft an agreement their institution is a party to. Parties are checked against
/// the program's role rules at once; the agreement and its workflow instance are created in one step.</summary>
public static class DraftAgreement
{
    /// <summary>RenewalOf links a renewal to its predecessor; only <see cref="RenewAgreement"/> sets it, so a client
    /// cannot claim to renew an agreement it has not seen.</summary>
    public sealed record Command(string User, AgreementDraft Draft, Guid? RenewalOf = null) : IRequest<AgreementSummary>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Draft).NotNull().WithMessage("请求体为空").SetValidator(new AgreementInputRules.Draft());
    }

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs, WorkflowEngine engine, TimeProvider clock, IMediator mediator)
        : IRequestHandler<Command, AgreementSummary>
    {
        public async Task<AgreementSummary> Handle(Command request, CancellationToken ct)
        {
            var draft = request.Draft;
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            AgreementPolicy.EnsureMayDraft(account);
            var program = await programs.ProgramAsync(draft.Program, account.CityCode, ct);
            var definition = program.Definition;
            AgreementParties.ValidateBasics(draft.Title, draft.TermStart, draft.TermEnd);
            var parties = await AgreementParties.ResolveAsync(db, account.CityCode, draft.Parties, definition, await programs.TagsAsync(ct), ct);
            if (parties.All(p => p.Institution.Code != account.InstitutionCode))
                throw new PairingException(ErrorKind.Forbidden, "起草人所在机构必须是协议的一方", "parties");

            var budget = await AgreementParties.BudgetAsync(db, account.CityCode, program.Program, draft.BudgetId, ct);
            var agreement = new Agreement
            {
                Id = Guid.NewGuid(),
                Program = draft.Program!,
                CityCode = account.CityCode,
                DefinitionId = definition.Id,
                Title = draft.Title.Trim(),
                TermStart = draft.TermStart,
                TermEnd = draft.TermEnd,
                Goals = draft.Goals ?? "",
                Measures = draft.Measures?.ToList() ?? [],
                FocusAreas = draft.FocusAreas?.ToList() ?? [],
                Targets = draft.Targets?.ToList() ?? [],
                FundingSource = budget?.Source ?? draft.FundingSource,
                BudgetLine = budget?.Line ?? draft.BudgetLine,
                BudgetId = budget?.Id,
                FundingAmount = draft.FundingAmount,
                ContactName = draft.ContactName,
                ContactPhone = draft.ContactPhone,
                RenewalOf = request.RenewalOf,
                CreatedBy = account.UserName,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            agreement.Parties = AgreementParties.Rows(agreement.Id, parties);
            agreement.Number = await NextNumberAsync(db, account.CityCode, program.NumberPrefix, draft.TermStart.Year, ct);

            var scopes = AgreementParties.Scopes(account.InstitutionCode!, account.CityCode, parties.Select(p => p.Institution));
            await engine.StartAsync(definition.Id, "agreement", agreement.Id.ToString(), AgreementParties.DateContext(agreement.TermStart, agreement.TermEnd),
                scopes, actor, (step, instance) => { agreement.InstanceId = instance.Id; step.Db().Add(agreement); return Task.CompletedTask; }, ct);
            return await mediator.Send(new SummarizeAgreement.Query(request.User, agreement.Number), ct);
        }

        private static async Task<string> NextNumberAsync(PairingDbContext db, string city, string numberPrefix, int year, CancellationToken ct)
        {
            var cityRow = await db.Cities.AsNoTracking().FirstAsync(c => c.Code == city, ct);
            var prefix = $"{cityRow.AdminCode}-{numberPrefix}-{year}-";
            var count = await db.Agreements.CountAsync(a => a.Number.StartsWith(prefix), ct);
            return $"{prefix}{count + 1:000}";
        }
    }
}
