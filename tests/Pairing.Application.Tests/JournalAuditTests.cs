using Microsoft.EntityFrameworkCore;
using Pairing.Application.Audit;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>The journal audit as the application runs it: checkpoints also leave their number and MAC in an anchor
/// file beside the key, so deleting the newest checkpoints from the database, or putting back an older copy of it,
/// is caught even when no instance refers to them.</summary>
public sealed class JournalAuditTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Checkpoints_deleted_from_the_database_are_caught_by_the_anchor(string provider)
    {
        await using var w = await ProgramWorld.CreateAsync(provider);
        await w.DraftAsync("c1", Programs.CountyTrusteeship, "托管协议", new("G1", "supporter", "g1.sign"), new("C1", "supported"));
        await w.App.Send(new TakeCheckpoint.Command());
        await w.App.Send(new TakeCheckpoint.Command());
        Assert.True((await w.App.Send(new VerifyJournal.Query())).Intact);

        await using (var db = w.App.Db())
            await db.Checkpoints.Where(c => c.Seq == 2).ExecuteDeleteAsync();
        var report = await w.App.Send(new VerifyJournal.Query());
        Assert.Contains(report.Problems, p => p.Message.Contains("本机记录已有第 2 号检查点，数据库中最新的是第 1 号"));
    }
}
