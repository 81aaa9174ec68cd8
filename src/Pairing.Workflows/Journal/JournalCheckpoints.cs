using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Journal;

/// <summary>Takes keyed checkpoints of the whole journal. A checkpoint holds the instance-set lock exclusively, so no
/// step that creates instances is in flight while it counts; instances created afterwards carry its number and are
/// counted by the next one.</summary>
public static class JournalCheckpoints
{
    public static async Task<JournalCheckpoint> TakeAsync(EngineParts parts, CancellationToken ct = default)
    {
        await using var db = parts.CreateDb();
        await using var tx = await parts.Dialect.BeginStepAsync(db, ct);
        await parts.Dialect.LockInstanceSetAsync(db, exclusive: true, ct);
        var previous = await db.Set<JournalCheckpoint>().AsNoTracking().OrderByDescending(c => c.Seq).FirstOrDefaultAsync(ct);
        if (previous is null) await SealLegacyAsync(db, parts.Options.JournalKey, ct);
        var instances = await db.Set<WorkflowInstance>().AsNoTracking().Select(i => new { i.Id, i.JournalCount }).ToListAsync(ct);
        var checkpoint = new JournalCheckpoint
        {
            Seq = (previous?.Seq ?? 0) + 1,
            At = parts.UtcNow,
            Instances = instances.Count,
            Entries = instances.Sum(i => (long)i.JournalCount),
            SetDigest = SetDigest(instances.Select(i => i.Id)),
            PrevMac = previous?.Mac ?? "",
        };
        checkpoint.Mac = JournalSeal.Of(parts.Options.JournalKey, checkpoint);
        db.Add(checkpoint);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return checkpoint;
    }

    /// <summary>SHA-256 over the sorted instance ids: the same set gives the same digest in any database.</summary>
    public static string SetDigest(IEnumerable<Guid> ids)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in ids.Select(i => i.ToString("N")).Order(StringComparer.Ordinal))
            hash.AppendData(Encoding.ASCII.GetBytes(id));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A database from before journals were sealed: before the first checkpoint, each instance whose chain
    /// still verifies gets its seal. After that an unsealed instance can only mean tampering.</summary>
    private static async Task SealLegacyAsync(DbContext db, byte[] key, CancellationToken ct)
    {
        var unsealed = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.JournalSeal == "").ToListAsync(ct);
        foreach (var instance in unsealed)
        {
            var chain = await db.Set<JournalEntry>().AsNoTracking().Where(e => e.InstanceId == instance.Id).OrderBy(e => e.Seq).ToListAsync(ct);
            var prev = "";
            var intact = chain.Count == instance.JournalCount;
            for (var n = 0; n < chain.Count && intact; n++)
            {
                intact = chain[n].Seq == n + 1 && chain[n].PrevHash == prev && JournalHasher.Compute(chain[n]) == chain[n].Hash;
                prev = chain[n].Hash;
            }
            if (!intact || prev != instance.JournalHead) continue;
            var seal = JournalSeal.Of(key, instance);
            await db.Set<WorkflowInstance>().Where(i => i.Id == instance.Id && i.JournalSeal == "")
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.JournalSeal, seal), ct);
        }
    }
}
