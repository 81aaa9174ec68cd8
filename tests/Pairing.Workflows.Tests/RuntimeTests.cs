using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

public sealed class RuntimeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tasks_follow_the_state_and_every_party_signs_in_any_order(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();
        await using (var db = f.Db())
        {
            Assert.Equal("提交", Assert.Single(await f.InboxAsync(f.Owner)).Title);
            Assert.Empty(await f.InboxAsync(f.Bureau));
        }
        await f.ActAsync(id, "submit", f.Owner);
        await using (var db = f.Db())
        {
            Assert.Empty(await f.InboxAsync(f.Owner));
            Assert.Equal("审核", Assert.Single(await f.InboxAsync(f.Bureau)).Title);
            Assert.Empty(await f.InboxAsync(f.OtherBureau));
        }
        await f.ActAsync(id, "approve", f.Bureau);

        var first = await f.ActAsync(id, "sign", f.SignerB);
        Assert.Equal(("signing", 1), (first.ToState, first.OpenSignoffs));
        var again = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "sign", f.SignerB));
        Assert.Equal("participant", again.Field);
        var last = await f.ActAsync(id, "sign", f.SignerA);
        Assert.Equal(("running", 0), (last.ToState, last.OpenSignoffs));

        await using var check = f.Db();
        var tasks = await check.Tasks.Where(t => t.InstanceId == id).ToListAsync();
        Assert.Equal(2, tasks.Count(t => t.SignoffAction == "sign" && t.Outcome == "sign"));
        Assert.DoesNotContain(tasks, t => t.Status == "open");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Wrong_role_scope_state_or_input_is_refused_with_a_reason_and_nothing_is_saved(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();

        var role = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "submit", f.Bureau));
        Assert.Equal(WorkflowErrorKind.Forbidden, role.Kind);
        Assert.Contains("staff", role.Message);
        var scope = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "submit", EngineFixture.Make("staff", "inst:B")));
        Assert.Equal(WorkflowErrorKind.Forbidden, scope.Kind);
        var state = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "approve", f.Bureau));
        Assert.Equal(WorkflowErrorKind.Unavailable, state.Kind);
        Assert.Contains("可执行：提交", state.Message);

        f.Plugins.Guard.Block = true;
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "submit", f.Owner));
        Assert.Equal((WorkflowErrorKind.Refused, "test-rule"), (refused.Kind, refused.Rule));
        f.Plugins.Guard.Block = false;
        await using (var db = f.Db())
        {
            var instance = await db.Instances.SingleAsync(i => i.Id == id);
            Assert.Equal(("draft", 1, 1), (instance.State, instance.Version, instance.JournalCount));
        }

        await f.ActAsync(id, "submit", f.Owner);
        var comment = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "return", f.Bureau));
        Assert.Equal((WorkflowErrorKind.Invalid, "comment"), (comment.Kind, comment.Field));
        var missing = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "rate", f.Bureau));
        Assert.Equal("rating", missing.Field);
        var choice = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "rate", f.Bureau, inputs: new() { ["rating"] = "很好" }));
        Assert.Contains("优秀、合格", choice.Message);
        var unknown = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "rate", f.Bureau, inputs: new() { ["rating"] = "优秀", ["colour"] = "红" }));
        Assert.Equal("colour", unknown.Field);
        var stay = await f.ActAsync(id, "rate", f.Bureau, inputs: new() { ["rating"] = "优秀" });
        Assert.Equal(("review", "review"), (stay.FromState, stay.ToState));

        await using var after = f.Db();
        Assert.Contains("\"rating\":\"优秀\"", (await after.Instances.SingleAsync(i => i.Id == id)).ContextJson);
    }
}
