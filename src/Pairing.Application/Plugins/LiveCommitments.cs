using Microsoft.EntityFrameworkCore;
using Pairing.Domain.Agreements;
using Pairing.Domain.Programs;
using Pairing.Workflows.Definitions;
using Pairing.Workflows.Persistence;

namespace Pairing.Application.Plugins;

/// <summary>Which institutions already hold a role, during a given span of days, in another agreement of a program
/// in a city. Such an agreement is submitted or later, not ended, and its term overlaps the span; drafts do not block
/// each other, and a renewal whose term starts after its predecessor's ends is no conflict.</summary>
public static class LiveCommitments
{
    public static async Task<List<Commitment>> OfAsync(DbContext db, WorkflowDefinition definition, string program, string city,
        IReadOnlyCollection<string>? codes, Guid? except, DateOnly spanStart, DateOnly spanEnd, CancellationToken ct)
    {
        var editable = definition.States.Where(s => s.Editable).Select(s => s.Id).ToList();
        var query =
            from party in db.Set<AgreementParty>()
            join other in db.Set<Agreement>() on party.AgreementId equals other.Id
            join instance in db.Set<WorkflowInstance>() on other.InstanceId equals instance.Id
            where other.Program == program && other.CityCode == city && instance.Status == InstanceStatus.Open
                  && !(editable.Contains(instance.State) && other.SignedAt == null)
                  && other.TermStart <= spanEnd && other.TermEnd >= spanStart
            select new { other.Id, other.Number, other.Title, party.InstitutionCode, party.Role, other.TermEnd };
        if (codes is not null) query = query.Where(x => codes.Contains(x.InstitutionCode));
        if (except is Guid id) query = query.Where(x => x.Id != id);
        var rows = await query.ToListAsync(ct);
        return rows.Select(o => new Commitment(o.Number, o.Title, o.InstitutionCode, "", o.Role, o.TermEnd)).ToList();
    }
}
