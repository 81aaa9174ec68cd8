using MediatR;
using Pairing.Application.Access;
using Pairing.Data;

namespace Pairing.Application.Accounts;

/// <summary>The signed-in account and what the policy lets it do, for the pages' navigation and the API's /me.</summary>
public sealed record AccountView(string UserName, string DisplayName, string Role, string CityCode, string? CountyCode, string? InstitutionCode,
    bool CanSign, bool CanDraft, bool IsBureau, bool CanImport);

public static class ShowAccount
{
    public sealed record Query(string User) : IRequest<AccountView>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, AccountView>
    {
        public async Task<AccountView> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (a, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            return new AccountView(a.UserName, a.DisplayName, a.Role, a.CityCode, a.CountyCode, a.InstitutionCode, a.CanSign,
                AgreementPolicy.MayDraft(a), AgreementPolicy.IsBureau(a), AgreementPolicy.MayImport(a));
        }
    }
}
