using Microsoft.EntityFrameworkCore;
using Pairing.Testing;
using Pairing.Workflows.Persistence;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

public sealed class IncidentTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_notification_is_retried_on_schedule_and_becomes_an_incident_only_when_every_attempt_failed(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        var id = await f.StartAsync();
        await f.ActAsync(id, "submit", f.Owner);
        f.Plugins.Notify.FailuresLeft = 2;
        var outcome = await f.ActAsync(id, "approve", f.Bureau);
        Assert.Equal("signing", outcome.ToState);

        // The first attempt ran right after commit and failed: the effect waits in the outbox with its error.
        await using (var db = f.Db())
        {
            var row = await db.Outbox.SingleAsync();
            Assert.Equal((OutboxStatus.Pending, 1, "action:approve:0", "test-notify"), (row.Status, row.Attempts, row.Step, row.Effect));
            Assert.Contains("短信网关超时", row.LastError);
            Assert.False(await db.Incidents.AnyAsync());
        }
        Assert.Equal(0, (await f.Outbox.RunDueAsync("w")).Retrying);
        f.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(new OutboxRunReport(0, 1, 0), await f.Outbox.RunDueAsync("w"));
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new OutboxRunReport(1, 0, 0), await f.Outbox.RunDueAsync("w"));
        Assert.Single(f.Plugins.Notify.Delivered);
        await using (var db = f.Db())
        {
            var row = await db.Outbox.SingleAsync();
            Assert.Equal((OutboxStatus.Done, 3), (row.Status, row.Attempts));
            Assert.False(await db.Incidents.AnyAsync());
        }

        // Three failures in a row: an incident, retried by hand.
        f.Plugins.Notify.FailuresLeft = 4;
        var other = await f.StartAsync();
        await f.ActAsync(other, "submit", f.Owner);
        await f.ActAsync(other, "approve", f.Bureau);
        f.Clock.Advance(TimeSpan.FromSeconds(31));
        await f.Outbox.RunDueAsync("w");
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new OutboxRunReport(0, 0, 1), await f.Outbox.RunDueAsync("w"));
        Guid incidentId;
        await using (var db = f.Db())
        {
            var incident = await db.Incidents.SingleAsync();
            Assert.Equal((IncidentStatus.Open, 3, "action:approve:0", other), (incident.Status, incident.Attempts, incident.Step, incident.InstanceId));
            Assert.Equal(OutboxStatus.Failed, (await db.Outbox.SingleAsync(o => o.InstanceId == other)).Status);
            incidentId = incident.Id;
        }
        var stillFailing = await f.Incidents.RetryAsync(incidentId, f.Bureau);
        Assert.Equal((IncidentStatus.Open, 4), (stillFailing.Status, stillFailing.Attempts));
        var fixedNow = await f.Incidents.RetryAsync(incidentId, f.Bureau);
        Assert.Equal((IncidentStatus.Resolved, 5), (fixedNow.Status, fixedNow.Attempts));
        Assert.Equal(2, f.Plugins.Notify.Delivered.Count);
        var twice = await Assert.ThrowsAsync<WorkflowException>(() => f.Incidents.RetryAsync(incidentId, f.Bureau));
        Assert.Equal(WorkflowErrorKind.Unavailable, twice.Kind);

        f.Plugins.Notify.FailuresLeft = 3;
        var third = await f.StartAsync();
        await f.ActAsync(third, "submit", f.Owner);
        await f.ActAsync(third, "approve", f.Bureau);
        f.Clock.Advance(TimeSpan.FromSeconds(31));
        await f.Outbox.RunDueAsync("w");
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        await f.Outbox.RunDueAsync("w");
        await using var check = f.Db();
        var second = await check.Incidents.SingleAsync(i => i.InstanceId == third);
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
