using System.Security.Cryptography;
using System.Text;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;
using Pairing.Workflows.Storage;

namespace Pairing.Workflows.Journal;

/// <summary>Takes keyed checkpoints of the whole journal. A checkpoint holds the instance-set lock exclusively, so no
/// step that creates instances is in flight while it counts; instances created afterwards carry its number and are
/// counted by the next one.</summary>
public static class JournalCheckpoints
{
    public static async Task<JournalCheckpoint> TakeAsync(EngineParts parts, CancellationToken ct = default)
    {
        await using var session = await parts.Store.BeginStepAsync(ct);
        var set = await session.LockInstanceSetAsync(ct);
        if (set.Latest is null) await SealLegacyAsync(session, parts.Options.JournalKey, ct);
        var checkpoint = new JournalCheckpoint
        {
            Seq = (set.Latest?.Seq ?? 0) + 1,
            At = parts.UtcNow,
            Instances = set.Instances.Count,
            Entries = set.Instances.Sum(i => (long)i.JournalCount),
            SetDigest = SetDigest(set.Instances.Select(i => i.Id)),
            PrevMac = set.Latest?.Mac ?? "",
        };
        checkpoint.Mac = JournalSeal.Of(parts.Options.JournalKey, checkpoint);
        session.Add(checkpoint);
        await session.CommitAsync(ct);
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
    private static async Task SealLegacyAsync(IWorkflowSession session, byte[] key, CancellationToken ct)
    {
        foreach (var instance in await session.UnsealedInstancesAsync(ct))
        {
            var chain = await session.JournalAsync(instance.Id, ct);
            var prev = "";
            var intact = chain.Count == instance.JournalCount;
            for (var n = 0; n < chain.Count && intact; n++)
            {
                intact = chain[n].Seq == n + 1 && chain[n].PrevHash == prev && JournalHasher.Compute(chain[n]) == chain[n].Hash;
                prev = chain[n].Hash;
            }
            // Only the seal changes: the version that guards steps is left alone, so no running step is disturbed.
            if (intact && prev == instance.JournalHead) instance.JournalSeal = JournalSeal.Of(key, instance);
        }
    }
}
