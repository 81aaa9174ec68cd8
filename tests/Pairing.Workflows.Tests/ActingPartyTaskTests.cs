using System.Text.Json.Nodes;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

/// <summary>A task marked ofActingParty opens only for the county linked to the party that acted (slot
/// "county@inst:X"), so a pair across two counties is reviewed by one; without links it opens for every county.</summary>
public sealed class ActingPartyTaskTests
{
    private const string Report = """
        { "id": "report", "version": 1, "title": "报告", "scopes": ["party", "county"], "initialState": "due",
          "states": [
            { "id": "due", "title": "待提交", "actions": [ { "id": "submit", "title": "提交", "to": "submitted", "roles": ["staff"], "scope": "party" } ] },
            { "id": "submitted", "title": "待审核", "task": { "title": "审核", "roles": ["bureau"], "scope": "county", "ofActingParty": true },
              "actions": [ { "id": "accept", "title": "通过", "to": "done", "roles": ["bureau"] } ] },
            { "id": "done", "title": "已通过", "final": true } ] }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_review_goes_to_the_county_of_the_school_that_submitted(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        await f.PublishAsync(Report);
        var b = EngineFixture.Make("staff", "inst:B");
        var linked = new Dictionary<string, List<string>>
        {
            ["party"] = ["inst:A", "inst:B"], ["county"] = ["county:X", "county:Y"],
            ["county@inst:A"] = ["county:X"], ["county@inst:B"] = ["county:Y"],
        };
        var id = (await f.Engine.StartAsync("report", "test", Guid.NewGuid().ToString(), new JsonObject(), linked, f.Owner)).Id;
        await f.ActAsync(id, "submit", b);
        Assert.Equal("审核", Assert.Single(await f.InboxAsync(f.OtherBureau)).Title);
        Assert.Empty(await f.InboxAsync(f.Bureau));

        // An instance made before the links existed keeps asking every county.
        var unlinked = new Dictionary<string, List<string>> { ["party"] = ["inst:A", "inst:B"], ["county"] = ["county:X", "county:Y"] };
        var old = (await f.Engine.StartAsync("report", "test", Guid.NewGuid().ToString(), new JsonObject(), unlinked, f.Owner)).Id;
        await f.ActAsync(old, "submit", b);
        Assert.Single(await f.InboxAsync(f.Bureau));
        Assert.Equal(2, (await f.InboxAsync(f.OtherBureau)).Count);
    }
}
