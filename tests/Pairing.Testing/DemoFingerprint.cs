using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Workflows.Persistence;

namespace Pairing.Testing;

/// <summary>What a seeded demo database holds, as sorted lines free of ids and times, so two seedings compare line by
/// line: the registry, every agreement with its number, state and version, its report cycles, every journal entry,
/// task, timer, notification and idempotency key, the documents with who signed, the indicator values, and the
/// e-mails still waiting. A step taken twice changes a version and adds a journal line; a step missing removes one.</summary>
public static class DemoFingerprint
{
    public static async Task<List<string>> OfAsync(PairingDbContext db)
    {
        var lines = new List<string>();
        lines.AddRange(await db.Cities.Select(c => "city " + c.Code).ToListAsync());
        lines.AddRange(await db.Counties.Select(c => "county " + c.Code).ToListAsync());
        lines.AddRange(await db.Institutions.Select(i => "institution " + i.Code).ToListAsync());
        lines.AddRange(await db.Accounts.Select(a => $"account {a.UserName} {a.Email}").ToListAsync());
        // Decimals as numbers: PostgreSQL keeps the column's scale (40000.00), SQLite does not (40000.0).
        foreach (var b in await db.CountyBudgets.AsNoTracking().ToListAsync()) lines.Add($"budget {b.CountyCode} {b.Year} {b.Document} {b.Amount:0.####}");

        var agreements = await db.Agreements.AsNoTracking().ToListAsync();
        var instances = await db.Instances.AsNoTracking().ToListAsync();
        // Each instance by a name that survives a second run: the agreement's number, and for a cycle its key.
        var names = new Dictionary<Guid, string>();
        foreach (var a in agreements) names[a.InstanceId] = a.Number;
        foreach (var i in instances.Where(i => i.ParentId is not null && names.ContainsKey(i.ParentId.Value)))
            names[i.Id] = $"{names[i.ParentId!.Value]}/{i.ChildKey}";
        string Name(Guid id) => names.TryGetValue(id, out var n) ? n : "unnamed";

        foreach (var a in agreements) lines.Add($"agreement {a.Number} {a.Title} by {a.CreatedBy}");
        foreach (var i in instances) lines.Add($"instance {Name(i.Id)} {i.DefinitionId} {i.State} {i.Status} v{i.Version}");
        foreach (var j in await db.Journal.AsNoTracking().ToListAsync())
            lines.Add($"journal {Name(j.InstanceId)} #{j.Seq} {j.Kind} {j.Action} {j.FromState}->{j.ToState} {j.ActorId}");
        foreach (var t in await db.Tasks.AsNoTracking().ToListAsync())
            lines.Add($"task {Name(t.InstanceId)} {t.State} {t.Scope} {t.Roles} {t.Status} {t.Outcome} {t.ClosedBy}");
        foreach (var t in await db.Timers.AsNoTracking().ToListAsync())
            lines.Add($"timer {Name(t.InstanceId)} {t.State} {t.TimerId} {t.Status}");
        foreach (var n in await db.Notifications.AsNoTracking().ToListAsync())
            lines.Add($"notification {Name(n.InstanceId)} {n.Scope} {n.Roles} {n.Text}");
        foreach (var r in await db.Set<IdempotencyRecord>().AsNoTracking().ToListAsync())
            lines.Add($"key {r.Key} {Name(r.InstanceId)} {r.Action} {r.ActorId}");
        var numbers = agreements.ToDictionary(a => a.Id, a => a.Number);
        foreach (var d in await db.AgreementDocuments.AsNoTracking().ToListAsync())
            lines.Add($"document {numbers[d.AgreementId]} {d.Kind} r{d.Revision} signed by {string.Join(",", d.SignedBy)} " +
                $"signatures {string.Join(",", d.Signatures.Select(s => s.Signer + ":" + s.Account))} sealed {d.Sealed}");
        foreach (var v in await db.IndicatorValues.AsNoTracking().ToListAsync())
            lines.Add($"indicator {numbers[v.AgreementId]} {v.Cycle} {v.Name}={v.Number:0.####}{v.Text} accepted {v.Accepted}");
        lines.AddRange(await db.OutgoingEmails.Where(e => e.SentAt == null).Select(e => $"email to {e.UserName}: {e.Subject}").ToListAsync());
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
