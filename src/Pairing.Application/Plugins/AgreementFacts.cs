using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Domain.Registry;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Plugins;

/// <summary>Loads what program rules need about the agreement behind a workflow instance.</summary>
internal static class AgreementFacts
{
    public static async Task<Agreement> AgreementOfAsync(DbContext db, WorkflowInstance instance, CancellationToken ct)
    {
        var id = Guid.Parse(instance.SubjectId);
        var local = db.ChangeTracker.Entries<Agreement>().Select(e => e.Entity).FirstOrDefault(a => a.Id == id);
        return local ?? await db.Set<Agreement>().Include(a => a.Parties).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new PairingException(ErrorKind.NotFound, $"协议 {id} 不存在");
    }

    public static async Task<List<PartyFacts>> PartiesOfAsync(DbContext db, Agreement agreement, CancellationToken ct)
    {
        var ids = agreement.Parties.Select(p => p.InstitutionId).ToList();
        var institutions = await db.Set<Institution>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return agreement.Parties.Select(p =>
        {
            var i = institutions[p.InstitutionId];
            return new PartyFacts(p.Role, i.Code, i.Name, i.CountyCode, i.Tags, i.Stages, i.CityCode);
        }).ToList();
    }
}
