using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Data;
using Pairing.Domain.Accounts;

namespace Pairing.Application.Notifications;

/// <summary>The accounts a notification addressed to one scope key and some roles reaches: exactly those whose actor
/// (as <see cref="ActorDirectory"/> makes it for the inbox) holds that scope and one of the roles.</summary>
public static class Recipients
{
    public static async Task<List<Account>> OfAsync(PairingDbContext db, string scope, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        var (kind, code) = scope.IndexOf(':') is var i and > 0 ? (scope[..i], scope[(i + 1)..]) : ("", scope);
        // Narrow by the key's own column first; the actor check below is the rule.
        var candidates = kind switch
        {
            "inst" => db.Accounts.Where(a => a.InstitutionCode == code),
            "county" => db.Accounts.Where(a => a.CountyCode == code),
            "city" => db.Accounts.Where(a => a.CityCode == code),
            _ => db.Accounts.Where(a => false),
        };
        var accounts = await candidates.AsNoTracking().ToListAsync(ct);
        return accounts.Where(a =>
        {
            var actor = ActorDirectory.ActorOf(a);
            return actor.Scopes.Contains(scope) && roles.Any(actor.Roles.Contains);
        }).OrderBy(a => a.UserName, StringComparer.Ordinal).ToList();
    }
}
