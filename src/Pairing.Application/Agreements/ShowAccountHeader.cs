using MediatR;
using Pairing.Application.Access;
using Pairing.Data;

namespace Pairing.Application.Agreements;

/// <summary>What every page's header shows about the signed-in person: their name with their unit (as the accounts
/// table has it, e.g. 连山壮族瑶族自治县连山中学 办公室 陈老师) and how many notifications they have not read.</summary>
/// IsBureau decides which sections the navigation offers (看板, 预算).
public sealed record AccountHeader(string Name, int UnreadNotifications, bool IsBureau = false);

public static class ShowAccountHeader
{
    public sealed record Query(string User) : IRequest<AccountHeader>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Query, AccountHeader>
    {
        public async Task<AccountHeader> Handle(Query request, CancellationToken ct)
        {
            await using var db = database.Create();
            var (account, actor) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            return new AccountHeader(NameOf(account), await NotificationInbox.UnreadCountAsync(db, actor, account.UserName, ct), AgreementPolicy.IsBureau(account));
        }
    }

    // Never the account code: a person is shown by name.
    internal static string NameOf(Domain.Accounts.Account a) =>
        a.DisplayName.Trim() is { Length: > 0 } name ? name : a.PersonName.Trim() is { Length: > 0 } person ? person : "当前用户";
}
