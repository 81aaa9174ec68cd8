using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

public sealed class IncidentTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_notification_becomes_an_incident_that_can_be_retried_or_resolved(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();
        await f.ActAsync(id, "submit", f.Owner);
        f.Plugins.Notify.FailuresLeft = 2;
        var outcome = await f.ActAsync(id, "approve", f.Bureau);
        Assert.Equal("signing", outcome.ToState);

        Guid incidentId;
        await using (var db = f.Db())
        {
            var incident = await db.Incidents.SingleAsync();
            Assert.Equal((IncidentStatus.Open, 1, "action:approve:0", "test-notify"), (incident.Status, incident.Attempts, incident.Step, incident.Effect));
            Assert.Contains("短信网关超时", incident.Error);
            Assert.Equal("signing", (await db.Instances.SingleAsync(i => i.Id == id)).State);
            incidentId = incident.Id;
        }
        var stillFailing = await f.Incidents.RetryAsync(incidentId, f.Bureau);
        Assert.Equal((IncidentStatus.Open, 2), (stillFailing.Status, stillFailing.Attempts));
        var fixedNow = await f.Incidents.RetryAsync(incidentId, f.Bureau);
        Assert.Equal((IncidentStatus.Resolved, 3), (fixedNow.Status, fixedNow.Attempts));
        Assert.Single(f.Plugins.Notify.Delivered);
        var twice = await Assert.ThrowsAsync<WorkflowException>(() => f.Incidents.RetryAsync(incidentId, f.Bureau));
        Assert.Equal(WorkflowErrorKind.Unavailable, twice.Kind);

        f.Plugins.Notify.FailuresLeft = 1;
        var other = await f.StartAsync();
        await f.ActAsync(other, "submit", f.Owner);
        await f.ActAsync(other, "approve", f.Bureau);
        await using var check = f.Db();
        var second = await check.Incidents.SingleAsync(i => i.InstanceId == other);
        var noReason = await Assert.ThrowsAsync<WorkflowException>(() => f.Incidents.ResolveAsync(second.Id, f.Bureau, ""));
        Assert.Equal("comment", noReason.Field);
        var resolved = await f.Incidents.ResolveAsync(second.Id, f.Bureau, "已电话通知学校");
        Assert.Contains("已电话通知学校", resolved.Resolution);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_effect_inside_the_step_leaves_nothing_half_written(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();
        f.Plugins.Transactional.Throw = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => f.ActAsync(id, "submit", f.Owner, key: "once"));
        await using var db = f.Db();
        var instance = await db.Instances.SingleAsync(i => i.Id == id);
        Assert.Equal(("draft", 1, 1), (instance.State, instance.Version, instance.JournalCount));
        Assert.Equal(1, await db.Tasks.CountAsync(t => t.InstanceId == id));
        Assert.Equal(0, await db.Timers.CountAsync());
        Assert.False(await db.Set<IdempotencyRecord>().AnyAsync());
        f.Plugins.Transactional.Throw = false;
        Assert.False((await f.ActAsync(id, "submit", f.Owner, key: "once")).Repeated);
    }
}
