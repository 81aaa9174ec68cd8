using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Persistence;

namespace Pairing.Workflows.Tests;

public sealed class ChildWorkflowTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Children_start_once_per_semester_and_are_cancelled_with_their_parent(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.ToSigningAsync();
        await f.ActAsync(id, "sign", f.SignerA);
        await f.ActAsync(id, "sign", f.SignerB);

        await using (var db = f.Db())
        {
            var children = await db.Instances.Where(i => i.ParentId == id).OrderBy(i => i.ChildKey).ToListAsync();
            Assert.Equal(["cycle:2024-2025-1", "cycle:2024-2025-2"], children.Select(c => c.ChildKey ?? "").ToArray());
            Assert.Contains("\"dueDate\":\"2025-02-15\"", children[0].ContextJson);
            Assert.Contains("2024—2025学年第一学期", children[0].ContextJson);
            Assert.Equal(4, await db.Tasks.CountAsync(t => t.Status == "open" && children.Select(c => c.Id).Contains(t.InstanceId)));
        }

        // Leaving and re-entering the state does not start the same periods again.
        await f.ActAsync(id, "pause", f.Bureau);
        await f.ActAsync(id, "resume", f.Bureau);
        await f.ActAsync(id, "finish", f.Bureau);

        await using var check = f.Db();
        var after = await check.Instances.Where(i => i.ParentId == id).ToListAsync();
        Assert.Equal(2, after.Count);
        Assert.All(after, c => Assert.Equal(InstanceStatus.Cancelled, c.Status));
        Assert.Equal(InstanceStatus.Completed, (await check.Instances.SingleAsync(i => i.Id == id)).Status);
        Assert.Equal(0, await check.Tasks.CountAsync(t => t.Status == "open"));
        var childIds = after.Select(c => c.Id).ToList();
        Assert.All(await check.Tasks.Where(t => childIds.Contains(t.InstanceId)).ToListAsync(), t => Assert.Equal("cancelled", t.Status));
        Assert.All(await check.Journal.Where(j => after.Select(c => c.Id).Contains(j.InstanceId)).GroupBy(j => j.InstanceId).Select(g => g.Count()).ToListAsync(),
            n => Assert.Equal(2, n));
    }
}
