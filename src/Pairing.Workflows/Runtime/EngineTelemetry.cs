using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pairing.Workflows.Runtime;

/// <summary>What the engine reports to tracing and metrics (System.Diagnostics, exported by whichever host listens):
/// a span per step, actions executed by definition, action and outcome, step latency, timers claimed and fired with
/// their lateness, and incidents recorded. Nothing is collected unless a listener subscribes.</summary>
public static class EngineTelemetry
{
    public const string Name = "Pairing.Workflows";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Actions = Meter.CreateCounter<long>("pairing.engine.actions", "{action}",
        "Actions executed, by definition, action and outcome (ok, repeated, or the refusal's kind, or error).");
    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("pairing.engine.step.duration", "s",
        "Time one engine step took (start, action or timer), transaction and after-commit effects included.");
    private static readonly Counter<long> TimersDue = Meter.CreateCounter<long>("pairing.engine.timers.due", "{timer}",
        "Due timers claimed by a worker.");
    private static readonly Counter<long> TimersFired = Meter.CreateCounter<long>("pairing.engine.timers.fired", "{timer}",
        "Timers handled, by timer and outcome (fired, or cancelled because their state was left).");
    private static readonly Histogram<double> TimerLateness = Meter.CreateHistogram<double>("pairing.engine.timers.lateness", "s",
        "Fired-at minus due-at of each fired timer.");
    private static readonly Counter<long> Incidents = Meter.CreateCounter<long>("pairing.engine.incidents", "{incident}",
        "Incidents recorded: after-commit effects that failed, by effect.");

    private static readonly AsyncLocal<StepTelemetry?> CurrentStep = new();

    /// <summary>Opens a step ("start", "action" or "timer" with the instance's or the timer's id): a span, and on
    /// dispose its latency, and the action's count once the step named a defined action.</summary>
    public static StepTelemetry Step(string kind, Guid? id = null)
    {
        var step = new StepTelemetry(kind, Source.StartActivity($"engine {kind}"), CurrentStep.Value);
        step.Activity?.SetTag(kind == "timer" ? "pairing.timer" : "pairing.instance", id?.ToString());
        CurrentStep.Value = step;
        return step;
    }

    /// <summary>Names the definition, and the action once it is known to exist (user input never becomes a metric
    /// label), of the step under way: a user's action or a timer's.</summary>
    public static void Acting(string definition, string? action = null)
    {
        if (CurrentStep.Value is not { } step) return;
        step.Definition = definition;
        step.Action = action;
        step.Activity?.SetTag("pairing.definition", definition);
        step.Activity?.SetTag("pairing.action", action);
    }

    public static void TimersClaimed(int count)
    {
        if (count > 0) TimersDue.Add(count);
    }

    /// <summary>A timer's step committed: it fired, or was cancelled because its state had been left.</summary>
    public static void TimerHandled(string timer, DateTime dueAt, DateTime firedAt, bool cancelled = false)
    {
        TimersFired.Add(1, new("timer", timer), new("outcome", cancelled ? "cancelled" : "fired"));
        if (!cancelled) TimerLateness.Record(Math.Max(0, (firedAt - dueAt).TotalSeconds), new KeyValuePair<string, object?>("timer", timer));
        CurrentStep.Value?.Done(cancelled ? "cancelled" : "ok");
    }

    public static void IncidentRecorded(string effect) => Incidents.Add(1, new KeyValuePair<string, object?>("effect", effect));

    /// <summary>One step's measurements. The outcome is "unfinished" unless the step said how it ended (a timer
    /// that was no longer this worker's to fire, a step that threw without being asked).</summary>
    public sealed class StepTelemetry : IDisposable
    {
        private readonly string _kind;
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly StepTelemetry? _outer;
        private string _outcome = "unfinished";

        internal StepTelemetry(string kind, Activity? activity, StepTelemetry? outer)
        {
            _kind = kind;
            Activity = activity;
            _outer = outer;
        }

        internal Activity? Activity { get; }
        internal string? Definition { get; set; }
        internal string? Action { get; set; }

        /// <summary>How the step ended; a repeated request names its action here (its instance is not loaded).</summary>
        public void Done(string outcome = "ok", string? action = null)
        {
            _outcome = outcome;
            Action ??= action;
        }

        /// <summary>A refusal is counted by its kind (refused, forbidden, conflict…); anything else is an error.</summary>
        public void Failed(Exception ex)
        {
            _outcome = ex is WorkflowException w ? w.Kind.ToString().ToLowerInvariant() : "error";
            Activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
        }

        public void Dispose()
        {
            CurrentStep.Value = _outer;
            var tags = new TagList { { "kind", _kind }, { "definition", Definition }, { "action", Action }, { "outcome", _outcome } };
            StepDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
            if (Action is not null)
                Actions.Add(1, new("definition", Definition), new("action", Action), new("outcome", _outcome));
            Activity?.SetTag("pairing.outcome", _outcome);
            Activity?.Dispose();
        }
    }
}
