using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Pairing.Application;
using Pairing.Domain.Accounts;
using Pairing.Workflows.Runtime;

namespace Pairing.Web.Api;

/// <summary>The registry account behind the signed-in user. Every use case takes the user name and applies the
/// account's scope itself; this is for pages and endpoints that also need the role.</summary>
public static class CurrentAccount
{
    public static string UserName(ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new WorkflowException(WorkflowErrorKind.Forbidden, "请先登录", "user");

    public static async Task<Account> OfAsync(PairingApp app, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var name = UserName(user);
        await using var db = app.Db();
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == name, ct)
            ?? throw new WorkflowException(WorkflowErrorKind.Forbidden, $"账号 {name} 不在名录中", "user");
    }

    public static bool IsBureau(Account a) => a.Role is AccountRole.CountyBureau or AccountRole.CityBureau or AccountRole.Admin or AccountRole.ProvinceAdmin;
}
