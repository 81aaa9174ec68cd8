using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pairing.Data;

namespace Pairing.Application.Accounts;

/// <summary>Creates a sign-in for each registry account that has none, all with one password (the demo's). Hashing
/// is deliberately slow, so one hash serves every account created here.</summary>
public static class ProvisionSignIns
{
    public sealed record Command(string Password) : IRequest<int>;

    public sealed class Handler(PairingDatabase database) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken ct)
        {
            await using var db = database.Create();
            var existing = await db.Users.Select(u => u.UserName).ToListAsync(ct);
            var accounts = await db.Accounts.AsNoTracking().Where(a => !existing.Contains(a.UserName)).ToListAsync(ct);
            if (accounts.Count == 0) return 0;
            var hash = new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser(), request.Password);
            foreach (var account in accounts)
                db.Users.Add(new IdentityUser(account.UserName)
                {
                    NormalizedUserName = account.UserName.ToUpperInvariant(),
                    PasswordHash = hash,
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    LockoutEnabled = true,
                });
            await db.SaveChangesAsync(ct);
            return accounts.Count;
        }
    }
}
