using Pairing.Data;
using Pairing.Domain.Accounts;
using Pairing.Domain.Agreements;

namespace Pairing.Application.Agreements;

/// <summary>Which agreements an account may see: its institution's (staff), those with a party in its county
/// (county bureau), its city's (city bureau), all (administrator).</summary>
public static class AgreementAccess
{
    public static IQueryable<Agreement> Visible(PairingDbContext db, Account account)
    {
        var agreements = db.Agreements.AsQueryable();
        return account.Role switch
        {
            AccountRole.Admin => agreements,
            AccountRole.CityBureau => agreements.Where(a => a.CityCode == account.CityCode),
            AccountRole.CountyBureau => agreements.Where(a => a.Parties.Any(p =>
                db.Institutions.Any(i => i.Id == p.InstitutionId && i.CountyCode == account.CountyCode))),
            _ => agreements.Where(a => a.Parties.Any(p => p.InstitutionCode == account.InstitutionCode)),
        };
    }
}
