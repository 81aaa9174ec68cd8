using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Workflows.Tests;

/// <summary>The engine's metrics and spans as an exporter sees them: actions by definition, action and outcome, step
/// latency, timers due and fired with their lateness, incidents. Measurements are told apart from other tests'
/// (the meters are process-wide) by the trace the test runs in.</summary>
public sealed class EngineTelemetryTests
{
    private sealed record Measurement(string Instrument, double Value, Dictionary<string, string?> Tags);

    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _meters = new();
        private readonly ActivityListener _spans;
        private readonly ActivityTraceId _trace;

        public Recorder(ActivityTraceId trace)
        {
            _trace = trace;
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name) listener.EnableMeasurementEvents(instrument);
            };
            _meters.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
            _meters.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
            _meters.Start();
            _spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == EngineTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => { if (a.TraceId == _trace) Spans.Add(a); },
            };
            ActivitySource.AddActivityListener(_spans);
        }

        public ConcurrentBag<Measurement> Measurements { get; } = [];
        public ConcurrentBag<Activity> Spans { get; } = [];

        public IEnumerable<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (Activity.Current?.TraceId != _trace) return;
            var copy = new Dictionary<string, string?>();
            foreach (var (key, tag) in tags) copy[key] = tag?.ToString();
            Measurements.Add(new Measurement(instrument.Name, value, copy));
        }

        public void Dispose()
        {
            _meters.Dispose();
            _spans.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Actions_steps_timers_and_incidents_are_measured_and_traced(string provider)
    {
        await using var f = await EngineFixture.CreateAsync(provider);
        using var test = new Activity("engine-telemetry-test").Start();
        using var recorder = new Recorder(test.TraceId);

        var id = await f.StartAsync(dueDate: "2024-10-31");
        await f.ActAsync(id, "submit", f.Owner, key: "submit-once");
        await f.ActAsync(id, "submit", f.Owner, key: "submit-once");
        await Assert.ThrowsAsync<WorkflowException>(() => f.ActAsync(id, "approve", f.OtherBureau));

        // The reminder falls due on 2024-10-17; the worker only runs three days later.
        f.Clock.SetLocal(2024, 10, 20);
        Assert.Equal(1, (await f.Timers.RunDueAsync("w")).Fired);

        // A notification that fails on every attempt (right after the step, then twice from the outbox) is an incident.
        f.Plugins.Notify.FailuresLeft = 3;
        await f.ActAsync(id, "approve", f.Bureau);
        f.Clock.Advance(TimeSpan.FromSeconds(31));
        await f.Outbox.RunDueAsync("w");
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await f.Outbox.RunDueAsync("w")).Failed);

        var actions = recorder.Of("pairing.engine.actions").Select(m => (m.Tags["definition"], m.Tags["action"], m.Tags["outcome"])).ToList();
        Assert.Contains(("review", "submit", "ok"), actions);
        Assert.Contains((null, "submit", "repeated"), actions);
        Assert.Contains(("review", "approve", "forbidden"), actions);
        Assert.Contains(("review", "approve", "ok"), actions);

        var steps = recorder.Of("pairing.engine.step.duration").ToList();
        Assert.Contains(steps, s => s.Tags["kind"] == "start" && s.Tags["definition"] == "review" && s.Tags["outcome"] == "ok");
        Assert.Contains(steps, s => s.Tags["kind"] == "timer" && s.Tags["outcome"] == "ok");
        Assert.All(steps, s => Assert.True(s.Value >= 0));

        Assert.Equal(1, recorder.Of("pairing.engine.timers.due").Sum(m => m.Value));
        var fired = Assert.Single(recorder.Of("pairing.engine.timers.fired"));
        Assert.Equal(("remind", "fired"), (fired.Tags["timer"], fired.Tags["outcome"]));
        var lateness = Assert.Single(recorder.Of("pairing.engine.timers.lateness"));
        Assert.InRange(lateness.Value, TimeSpan.FromDays(3).TotalSeconds - 3600, TimeSpan.FromDays(3).TotalSeconds + 86_400);

        var incident = Assert.Single(recorder.Of("pairing.engine.incidents"));
        Assert.Equal("test-notify", incident.Tags["effect"]);

        var approve = Assert.Single(recorder.Spans, s => s.OperationName == "engine action" && (string?)s.GetTagItem("pairing.outcome") == "ok"
            && (string?)s.GetTagItem("pairing.action") == "approve");
        Assert.Equal(id.ToString(), approve.GetTagItem("pairing.instance"));
        Assert.Contains(recorder.Spans, s => s.OperationName == "engine action" && s.Status == ActivityStatusCode.Error);
    }
}
