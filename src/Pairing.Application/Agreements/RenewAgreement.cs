using MediatR;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;

namespace Pairing.Application.Agreements;

/// <summary>续签: drafts the next agreement from a signed one — same parties, signatories and plan, the next term of
/// the same length — linked to it as its renewal.</summary>
public static class RenewAgreement
{
    public sealed record Command(string User, string Number) : IRequest<AgreementSummary>;

    public sealed class Handler(PairingDatabase database, IMediator mediator) : IRequestHandler<Command, AgreementSummary>
    {
        public async Task<AgreementSummary> Handle(Command request, CancellationToken ct)
        {
            AgreementDraft draft;
            Guid previousId;
            await using (var db = database.Create())
            {
                var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
                var previous = await AgreementPolicy.FindVisibleAsync(db, account, request.Number, ct);
                if (previous.FirstSignedAt is null)
                    throw new PairingException(ErrorKind.Unavailable, $"协议 {request.Number} 尚未签署生效，不能续签", "number");
                var length = previous.TermEnd.DayNumber - previous.TermStart.DayNumber;
                var start = previous.TermEnd.AddDays(1);
                draft = new AgreementDraft(previous.Program, $"{previous.Title}（续签）", start, start.AddDays(length),
                    previous.Parties.Select(p => new PartyInput(p.InstitutionCode, p.Role, p.SignatoryAccount)).ToList(), previous.Goals,
                    previous.Measures, previous.FocusAreas, previous.FundingSource, previous.BudgetLine, previous.FundingAmount,
                    previous.ContactName, previous.ContactPhone, previous.Targets);
                previousId = previous.Id;
            }
            return await mediator.Send(new DraftAgreement.Command(request.User, draft, previousId), ct);
        }
    }
}
