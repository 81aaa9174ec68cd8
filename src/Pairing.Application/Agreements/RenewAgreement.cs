using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Errors;
using Pairing.Data;

namespace Pairing.Application.Agreements;

/// <summary>续签: drafts the next agreement from a signed one — same parties, signatories, goals and measures — for the
/// same number of school years starting the day after the current term ends, linked to it as its renewal. Year
/// targets start empty: the old school years' targets do not carry over. It may be drafted, approved and signed while
/// the current agreement still runs; it takes over on its first day.</summary>
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
                if (!AgreementPolicy.IsPartyStaff(account, previous))
                    throw new PairingException(ErrorKind.Forbidden, "只有协议各方学校（高校）的经办人可以续签", "as");
                if (previous.FirstSignedAt is null)
                    throw new PairingException(ErrorKind.Unavailable, $"协议 {request.Number} 尚未签署生效，不能续签", "number");
                if (await RenewalOfAsync(db, previous.Id, ct) is { } existing)
                    throw new PairingException(ErrorKind.Conflict, $"协议 {request.Number} 已有续签协议 {existing}", "number");
                var (start, end) = NextTerm(previous.TermStart, previous.TermEnd);
                draft = new AgreementDraft(previous.Program, $"{previous.Title}（续签）", start, end,
                    previous.Parties.Select(p => new PartyInput(p.InstitutionCode, p.Role, p.SignatoryAccount)).ToList(), previous.Goals,
                    previous.Measures, previous.FocusAreas, previous.FundingSource, previous.BudgetLine, previous.FundingAmount,
                    previous.ContactName, previous.ContactPhone, Targets: []);
                previousId = previous.Id;
            }
            return await mediator.Send(new DraftAgreement.Command(request.User, draft, previousId), ct);
        }

        /// <summary>The renewal of an agreement that is not withdrawn, if any.</summary>
        public static async Task<string?> RenewalOfAsync(PairingDbContext db, Guid id, CancellationToken ct) =>
            await db.Agreements.AsNoTracking().Where(a => a.RenewalOf == id && a.EndedAt == null).Select(a => a.Number).FirstOrDefaultAsync(ct);
    }

    /// <summary>The next term: from the day after the current one ends, for as many whole years as the current one
    /// spans (2024-09-01～2027-07-31 is three school years, so 2027-08-01～2030-07-31).</summary>
    public static (DateOnly Start, DateOnly End) NextTerm(DateOnly start, DateOnly end)
    {
        var years = Math.Max(1, (int)Math.Round((end.DayNumber - start.DayNumber + 1) / 365.25));
        return (end.AddDays(1), end.AddYears(years));
    }
}
