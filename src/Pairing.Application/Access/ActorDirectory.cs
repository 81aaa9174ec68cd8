using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Registry;
using Pairing.Workflows.Plugins;
using Pairing.Workflows.Runtime;
using Pairing.Application.Errors;

namespace Pairing.Application.Access;

/// <summary>Turns an account into the engine's actor: its roles and the scopes it may see and act in.</summary>
public static class ActorDirectory
{
    public static async Task<(Account Account, Actor Actor)> ResolveAsync(PairingDbContext db, string userName, CancellationToken ct = default)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == userName, ct)
            ?? throw new PairingException(ErrorKind.NotFound, $"用户 {userName} 不存在", "as");
        return (account, ActorOf(account));
    }

    public static Actor ActorOf(Account a)
    {
        var roles = new HashSet<string> { a.Role };
        if (a.Role == AccountRole.Staff && a.CanSign) roles.Add(AccountRole.Signatory);
        var scopes = a.Role switch
        {
            AccountRole.Staff => new HashSet<string> { Scope.Institution(a.InstitutionCode ?? "") },
            AccountRole.CountyBureau => [Scope.County(a.CountyCode ?? "")],
            AccountRole.CityBureau or AccountRole.Admin => [Scope.City(a.CityCode)],
            AccountRole.ProvinceAdmin => [Actor.AnyScope],
            _ => new HashSet<string>(),
        };
        return new Actor(a.UserName, a.DisplayName, roles, scopes);
    }
}
