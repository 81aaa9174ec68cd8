using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

public sealed class PublishingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Published_versions_are_immutable_and_instances_stay_on_theirs(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        Assert.Equal(PublishOutcome.Unchanged, await f.PublishAsync(EngineFixture.Review));
        var edited = EngineFixture.Review.Replace("\"title\": \"审核流程\"", "\"title\": \"审核流程（改）\"");
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => f.PublishAsync(edited));
        Assert.Equal(WorkflowErrorKind.Conflict, refused.Kind);
        Assert.Equal("version", refused.Field);

        var old = await f.StartAsync();
        // Version 2 drops the guard on submit and renames "approve" to "accept".
        var v2 = EngineFixture.Review.Replace("\"version\": 1", "\"version\": 2")
            .Replace("\"guards\": [ { \"name\": \"test-guard\" } ], ", "")
            .Replace("{ \"id\": \"approve\", \"title\": \"通过\"", "{ \"id\": \"accept\", \"title\": \"通过\"");
        Assert.Equal(PublishOutcome.Published, await f.PublishAsync(v2));
        var fresh = await f.StartAsync();

        f.Plugins.Guard.Block = true;
        await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(old, "submit", f.Owner));
        await f.ActAsync(fresh, "submit", f.Owner);
        f.Plugins.Guard.Block = false;
        await f.ActAsync(old, "submit", f.Owner);

        Assert.Equal("signing", (await f.ActAsync(old, "approve", f.Bureau)).ToState);
        var gone = await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(fresh, "approve", f.Bureau));
        Assert.Equal(WorkflowErrorKind.Unavailable, gone.Kind);
        Assert.Equal("signing", (await f.ActAsync(fresh, "accept", f.Bureau)).ToState);

        await using var db = f.Db();
        Assert.Equal(1, db.Instances.Single(i => i.Id == old).DefinitionVersion);
        Assert.Equal(2, db.Instances.Single(i => i.Id == fresh).DefinitionVersion);
    }
}
