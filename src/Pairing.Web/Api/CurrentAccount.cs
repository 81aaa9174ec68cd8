using System.Security.Claims;
using MediatR;
using Pairing.Application.Accounts;
using Pairing.Application.Errors;

namespace Pairing.Web.Api;

/// <summary>The registry account behind the signed-in user. Every use case takes the user name and applies the
/// account's scope itself; pages ask for the account only to know what to show in the navigation.</summary>
public static class CurrentAccount
{
    public static string UserName(ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new PairingException(ErrorKind.Forbidden, "请先登录", "user");

    public static Task<AccountView> OfAsync(IMediator mediator, ClaimsPrincipal user, CancellationToken ct = default) =>
        mediator.Send(new ShowAccount.Query(UserName(user)), ct);
}
