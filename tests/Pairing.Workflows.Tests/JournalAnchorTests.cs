using Microsoft.EntityFrameworkCore;
using Pairing.Data;
using Pairing.Testing;
using Pairing.Workflows.Journal;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Tests;

/// <summary>An attacker with write access to the database, who knows the chains are plain SHA-256: rewinding a chain,
/// recomputing it after an edit, deleting a whole instance or a checkpoint. The keyed seals and checkpoints, whose key
/// the database does not hold, give each away.</summary>
public sealed class JournalAnchorTests
{
    private static async Task DropProtectionAsync(PairingDbContext db, string provider) =>
        await db.Database.ExecuteSqlRawAsync(provider == TestDatabase.Postgres
            ? "ALTER TABLE wf_journal DISABLE TRIGGER wf_journal_no_change"
            : "DROP TRIGGER wf_journal_no_update; DROP TRIGGER wf_journal_no_delete;");

    /// <summary>An instance with a few entries: started, submitted, approved, one signature.</summary>
    private static async Task<Guid> BusyInstanceAsync(EngineFixture f)
    {
        var id = await f.ToSigningAsync();
        await f.ActAsync(id, "sign", f.SignerA);
        return id;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rewinding_a_chain_to_an_earlier_head_is_detected(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await BusyInstanceAsync(f);
        Assert.True((await f.VerifyJournalAsync()).Intact);

        await using var db = f.Db();
        await DropProtectionAsync(db, provider);
        var entries = await db.Journal.AsNoTracking().Where(e => e.InstanceId == id).OrderBy(e => e.Seq).ToListAsync();
        var keep = entries[^3];
        await db.Journal.Where(e => e.InstanceId == id && e.Seq > keep.Seq).ExecuteDeleteAsync();
        await db.Instances.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.JournalCount, keep.Seq).SetProperty(i => i.JournalHead, keep.Hash));

        var report = await f.VerifyJournalAsync();
        Assert.False(report.Intact);
        Assert.Contains(report.Problems, p => p.InstanceId == id && p.Message.Contains("密钥封印"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Editing_an_entry_and_recomputing_the_unkeyed_chain_is_detected(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await BusyInstanceAsync(f);

        await using var db = f.Db();
        await DropProtectionAsync(db, provider);
        var entries = await db.Journal.Where(e => e.InstanceId == id).OrderBy(e => e.Seq).ToListAsync();
        entries[1].Comment = "县教育局同意（伪造）";
        var prev = entries[0].Hash;
        foreach (var e in entries.Skip(1))
        {
            e.PrevHash = prev;
            e.Hash = JournalHasher.Compute(e);
            prev = e.Hash;
        }
        await db.SaveChangesAsync();
        await db.Instances.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.JournalHead, prev));

        var report = await f.VerifyJournalAsync();
        Assert.False(report.Intact);
        // Every hash in the chain agrees with its entry now; only the seal, which needs the key, does not.
        Assert.DoesNotContain(report.Problems, p => p.Message.Contains("记录内容与其哈希不符") || p.Message.Contains("前一条记录的哈希不符"));
        Assert.Contains(report.Problems, p => p.InstanceId == id && p.Message.Contains("密钥封印"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_child_instance_with_its_journal_is_detected(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.ToSigningAsync();
        await f.ActAsync(id, "sign", f.SignerA);
        await f.ActAsync(id, "sign", f.SignerB);       // running: one child per semester
        await using var db = f.Db();
        var child = await db.Instances.AsNoTracking().FirstAsync(i => i.ParentId == id);

        await DropProtectionAsync(db, provider);
        await DeleteInstanceAsync(db, child.Id);

        var report = await f.VerifyJournalAsync();
        Assert.False(report.Intact);
        Assert.Contains(report.Problems, p => p.InstanceId == id && p.Message.Contains(child.Id.ToString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_whole_instance_counted_by_a_checkpoint_is_detected(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var doomed = await BusyInstanceAsync(f);
        await BusyInstanceAsync(f);
        var checkpoint = await f.CheckpointAsync();
        Assert.Equal(2, checkpoint.Instances);
        await BusyInstanceAsync(f);                     // created after the checkpoint: the next one counts it
        Assert.True((await f.VerifyJournalAsync()).Intact);

        await using var db = f.Db();
        await DropProtectionAsync(db, provider);
        await DeleteInstanceAsync(db, doomed);

        var report = await f.VerifyJournalAsync();
        Assert.False(report.Intact);
        Assert.Contains(report.Problems, p => p.InstanceId == Guid.Empty && p.Message.Contains("第 1 号检查点时有 2 个流程实例"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_or_forging_a_checkpoint_is_detected(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        await BusyInstanceAsync(f);
        await f.CheckpointAsync();
        await f.CheckpointAsync();
        await f.StartAsync();                            // carries checkpoint 2
        Assert.True((await f.VerifyJournalAsync()).Intact);

        await using var db = f.Db();
        await db.Checkpoints.Where(c => c.Seq == 2).ExecuteDeleteAsync();
        var deleted = await f.VerifyJournalAsync();
        Assert.Contains(deleted.Problems, p => p.Message.Contains("实例记载的第 2 号检查点不存在"));

        // A checkpoint written without the key does not carry a valid MAC.
        db.Checkpoints.Add(new JournalCheckpoint { Seq = 2, At = DateTime.UtcNow, Instances = 1, Entries = 4, SetDigest = "", PrevMac = (await db.Checkpoints.SingleAsync()).Mac, Mac = new string('0', 64) });
        await db.SaveChangesAsync();
        var forged = await f.VerifyJournalAsync();
        Assert.Contains(forged.Problems, p => p.Message.Contains("第 2 号检查点的密钥封印不符"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_journal_written_before_seals_is_sealed_once_by_the_first_checkpoint_and_never_again(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await BusyInstanceAsync(f);
        await using var db = f.Db();
        // As a database from before seals existed.
        await db.Instances.ExecuteUpdateAsync(s => s.SetProperty(i => i.JournalSeal, ""));
        Assert.Contains((await f.VerifyJournalAsync()).Problems, p => p.InstanceId == id && p.Message.Contains("没有密钥封印"));

        await f.CheckpointAsync();
        Assert.True((await f.VerifyJournalAsync()).Intact);

        // After the first checkpoint, clearing a seal is tampering and no checkpoint adopts it again.
        await db.Instances.ExecuteUpdateAsync(s => s.SetProperty(i => i.JournalSeal, ""));
        await f.CheckpointAsync();
        Assert.Contains((await f.VerifyJournalAsync()).Problems, p => p.InstanceId == id && p.Message.Contains("没有密钥封印"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verifying_while_the_engine_writes_never_raises_a_false_alarm(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add(await f.StartAsync());
        using var stop = new CancellationTokenSource();
        var writers = ids.Select(id => Task.Run(async () =>
        {
            await f.ActAsync(id, "submit", f.Owner);
            await f.ActAsync(id, "approve", f.Bureau);
            await f.ActAsync(id, "sign", f.SignerA);
            await f.ActAsync(id, "sign", f.SignerB);   // starts children in the same step
            for (var n = 0; n < 5 && !stop.IsCancellationRequested; n++)
            {
                await f.ActAsync(id, "pause", f.Bureau);
                await f.ActAsync(id, "resume", f.Bureau);
            }
        })).ToList();
        var checkpoints = Task.Run(async () =>
        {
            while (!writers.All(w => w.IsCompleted)) await f.CheckpointAsync();
        });
        var reports = new List<JournalReport>();
        while (!writers.All(w => w.IsCompleted)) reports.Add(await f.VerifyJournalAsync());
        await Task.WhenAll(writers);
        await checkpoints;
        reports.Add(await f.VerifyJournalAsync());

        Assert.True(reports.Count >= 2);
        Assert.All(reports, r => Assert.True(r.Intact, string.Join("；", r.Problems.Select(p => p.Message))));
    }

    private static async Task DeleteInstanceAsync(PairingDbContext db, Guid id)
    {
        await db.Journal.Where(e => e.InstanceId == id).ExecuteDeleteAsync();
        await db.Tasks.Where(t => t.InstanceId == id).ExecuteDeleteAsync();
        await db.Timers.Where(t => t.InstanceId == id).ExecuteDeleteAsync();
        await db.Instances.Where(i => i.ParentId == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ParentId, (Guid?)null));
        await db.Instances.Where(i => i.Id == id).ExecuteDeleteAsync();
    }
}
