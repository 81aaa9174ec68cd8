using Microsoft.EntityFrameworkCore;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Journal;

public sealed record JournalProblem(Guid InstanceId, int Seq, string Message);

public sealed record JournalReport(int Instances, int Entries, IReadOnlyList<JournalProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>Recomputes every chain and compares it with the stored hashes and each instance's head.</summary>
public static class JournalVerifier
{
    public static async Task<JournalReport> VerifyAsync(DbContext db, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var problems = new List<JournalProblem>();
        var instances = await db.Set<WorkflowInstance>().AsNoTracking()
            .Select(i => new { i.Id, i.JournalCount, i.JournalHead }).ToListAsync(ct);
        var entries = 0;
        var done = 0;
        foreach (var instance in instances)
        {
            var chain = await db.Set<JournalEntry>().AsNoTracking().Where(e => e.InstanceId == instance.Id)
                .OrderBy(e => e.Seq).ToListAsync(ct);
            entries += chain.Count;
            var prev = "";
            var expectedSeq = 1;
            foreach (var e in chain)
            {
                if (e.Seq != expectedSeq) problems.Add(new(instance.Id, expectedSeq, $"缺少第 {expectedSeq} 条记录（下一条是第 {e.Seq} 条）"));
                if (e.PrevHash != prev) problems.Add(new(instance.Id, e.Seq, "前一条记录的哈希不符：此前的记录被修改或删除"));
                if (JournalHasher.Compute(e) != e.Hash) problems.Add(new(instance.Id, e.Seq, "记录内容与其哈希不符：记录被修改"));
                prev = e.Hash;
                expectedSeq = e.Seq + 1;
            }
            if (chain.Count != instance.JournalCount || prev != instance.JournalHead)
                problems.Add(new(instance.Id, instance.JournalCount, $"日志应有 {instance.JournalCount} 条，实有 {chain.Count} 条，或末条哈希不符：记录被删除或修改"));
            progress?.Report(++done);
        }
        return new JournalReport(instances.Count, entries, problems);
    }
}
