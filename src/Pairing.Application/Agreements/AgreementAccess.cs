using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Agreements;

/// <summary>Which agreements an account may see: its institution's (staff), those with a party in its county
/// (county bureau), its city's (city bureau and city administrator), all (province administrator).</summary>
public static class AgreementAccess
{
    public static IQueryable<Agreement> Visible(PairingDbContext db, Account account)
    {
        var agreements = db.Agreements.AsQueryable();
        return account.Role switch
        {
            AccountRole.ProvinceAdmin => agreements,
            AccountRole.CityBureau or AccountRole.Admin => agreements.Where(a => a.CityCode == account.CityCode),
            AccountRole.CountyBureau => agreements.Where(a => a.Parties.Any(p =>
                db.Institutions.Any(i => i.Id == p.InstitutionId && i.CountyCode == account.CountyCode))),
            AccountRole.Staff => agreements.Where(a => a.Parties.Any(p => p.InstitutionCode == account.InstitutionCode)),
            _ => agreements.Where(a => false),
        };
    }

    public static async Task<Agreement> FindVisibleAsync(PairingDbContext db, Account account, string number, CancellationToken ct) =>
        await AgreementAccess.Visible(db, account).Include(a => a.Parties).AsNoTracking().FirstOrDefaultAsync(a => a.Number == number, ct)
        // Not visible and not existing read the same, so numbers of other schools' agreements do not leak.
        ?? throw new WorkflowException(WorkflowErrorKind.NotFound, $"协议 {number} 不存在或您无权查看", "number");
}
