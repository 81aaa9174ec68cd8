using System.Text.Json.Nodes;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Journal;

public sealed record JournalProblem(Guid InstanceId, int Seq, string Message);

public sealed record JournalReport(int Instances, int Entries, IReadOnlyList<JournalProblem> Problems, long LatestCheckpoint, DateTime? LatestCheckpointAt)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>Checks the journal in one consistent snapshot: every chain recomputed, every instance's keyed seal over
/// its length and head, every child its parent named, and the newest keyed checkpoint against the set of instances
/// and entries it counted. Concurrent steps never read as tampering; a missing key makes every seal fail.</summary>
public static class JournalVerifier
{
    private sealed record InstanceRow(Guid Id, Guid? ParentId, string DefinitionId, int JournalCount, string JournalHead, string JournalSeal, long CheckpointSeq);

    public static async Task<JournalReport> VerifyAsync(EngineParts parts, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var key = parts.Options.JournalKey;
        await using var snapshot = await parts.Store.OpenSnapshotAsync(ct);
        var problems = new List<JournalProblem>();
        var instances = (await snapshot.InstancesAsync(ct))
            .Select(i => new InstanceRow(i.Id, i.ParentId, i.DefinitionId, i.JournalCount, i.JournalHead, i.JournalSeal, i.CheckpointSeq))
            .ToDictionary(i => i.Id);
        var checkpoints = (await snapshot.CheckpointsAsync(ct)).OrderBy(c => c.Seq).ToList();

        var named = new List<(Guid Parent, int Seq, Guid Child)>();
        var seen = new HashSet<Guid>();
        var entries = 0;
        Guid? current = null;
        var prev = "";
        var count = 0;
        void Close()
        {
            if (current is not { } id) return;
            if (!instances.TryGetValue(id, out var row))
                problems.Add(new(id, count, $"日志中有 {count} 条记录，但流程实例已不存在：实例被删除"));
            else if (count != row.JournalCount || prev != row.JournalHead)
                problems.Add(new(id, row.JournalCount, $"日志应有 {row.JournalCount} 条，实有 {count} 条，或末条哈希不符：记录被删除或修改"));
            progress?.Report(seen.Count);
        }
        await foreach (var e in snapshot.EntriesAsync(ct).WithCancellation(ct))
        {
            if (e.InstanceId != current)
            {
                Close();
                current = e.InstanceId;
                seen.Add(e.InstanceId);
                prev = "";
                count = 0;
            }
            entries++;
            count++;
            if (e.Seq != count) problems.Add(new(e.InstanceId, count, $"缺少第 {count} 条记录（下一条是第 {e.Seq} 条）"));
            if (e.PrevHash != prev) problems.Add(new(e.InstanceId, e.Seq, "前一条记录的哈希不符：此前的记录被修改或删除"));
            if (JournalHasher.Compute(e) != e.Hash) problems.Add(new(e.InstanceId, e.Seq, "记录内容与其哈希不符：记录被修改"));
            if (e.Kind == "children") named.AddRange(ChildrenOf(e).Select(c => (e.InstanceId, e.Seq, c)));
            prev = e.Hash;
            count = e.Seq;
        }
        Close();

        foreach (var row in instances.Values)
        {
            if (!seen.Contains(row.Id) && row.JournalCount > 0)
                problems.Add(new(row.Id, 1, $"日志应有 {row.JournalCount} 条，实有 0 条：记录被删除"));
            if (row.JournalSeal == "")
                problems.Add(new(row.Id, row.JournalCount, "实例没有密钥封印：日志可能被整条重写"));
            else if (!JournalSeal.Matches(JournalSeal.Of(key, Instance(row)), row.JournalSeal))
                problems.Add(new(row.Id, row.JournalCount, "密钥封印与日志长度或末条哈希不符：日志被截断、重写，或实例被改动（也可能是密钥配置错误）"));
            if (row.ParentId is { } parent && !instances.ContainsKey(parent))
                problems.Add(new(row.Id, 0, $"上级流程实例 {parent} 不存在：实例被删除"));
        }
        foreach (var (parent, seq, child) in named)
            if (!instances.TryGetValue(child, out var row) || row.ParentId != parent)
                problems.Add(new(parent, seq, $"日志记载启动了子流程实例 {child}，但它已不存在：实例被删除"));

        CheckCheckpoints(key, checkpoints, instances.Values, problems);
        var latest = checkpoints.LastOrDefault();
        return new JournalReport(instances.Count, entries, problems, latest?.Seq ?? 0, latest?.At);
    }

    private static void CheckCheckpoints(byte[] key, List<JournalCheckpoint> checkpoints, IEnumerable<InstanceRow> instances, List<JournalProblem> problems)
    {
        var prevMac = "";
        for (var n = 0; n < checkpoints.Count; n++)
        {
            var c = checkpoints[n];
            if (c.Seq != n + 1) problems.Add(new(Guid.Empty, 0, $"缺少第 {n + 1} 号检查点（下一个是第 {c.Seq} 号）：检查点被删除"));
            if (c.PrevMac != prevMac) problems.Add(new(Guid.Empty, 0, $"第 {c.Seq} 号检查点与前一个检查点不衔接：检查点被删除或替换"));
            if (!JournalSeal.Matches(JournalSeal.Of(key, c), c.Mac)) problems.Add(new(Guid.Empty, 0, $"第 {c.Seq} 号检查点的密钥封印不符：检查点被修改"));
            prevMac = c.Mac;
        }
        var latest = checkpoints.LastOrDefault();
        var all = instances.ToList();
        foreach (var orphan in all.Where(i => i.CheckpointSeq > (latest?.Seq ?? 0)))
            problems.Add(new(orphan.Id, 0, $"实例记载的第 {orphan.CheckpointSeq} 号检查点不存在：检查点被删除"));
        if (latest is null) return;
        var covered = all.Where(i => i.CheckpointSeq < latest.Seq).ToList();
        if (covered.Count != latest.Instances || JournalCheckpoints.SetDigest(covered.Select(i => i.Id)) != latest.SetDigest)
            problems.Add(new(Guid.Empty, 0, $"第 {latest.Seq} 号检查点时有 {latest.Instances} 个流程实例，现在其中只找到 {covered.Count} 个或集合不同：有实例被删除或替换"));
        var entries = covered.Sum(i => (long)i.JournalCount);
        if (entries < latest.Entries)
            problems.Add(new(Guid.Empty, 0, $"第 {latest.Seq} 号检查点时这些实例共有 {latest.Entries} 条日志，现在只有 {entries} 条：日志被截断"));
    }

    private static IEnumerable<Guid> ChildrenOf(JournalEntry e)
    {
        JsonNode? data;
        try { data = JsonNode.Parse(e.DataJson); }
        catch (System.Text.Json.JsonException) { return []; } // an edited entry is already reported by its hash
        return (data?["children"] as JsonArray ?? [])
            .Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).ToList();
    }

    private static WorkflowInstance Instance(InstanceRow r) => new()
    {
        Id = r.Id, ParentId = r.ParentId, DefinitionId = r.DefinitionId, JournalCount = r.JournalCount, JournalHead = r.JournalHead, CheckpointSeq = r.CheckpointSeq,
    };
}
