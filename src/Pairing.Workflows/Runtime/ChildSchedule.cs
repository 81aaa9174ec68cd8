using Pairing.Workflows.Definitions;
using Pairing.Workflows.Plugins;

namespace Pairing.Workflows.Runtime;

public sealed record ScheduledChild(ChildSpec Spec, CalendarPeriod Period, DateOnly DueDate);

/// <summary>The child workflows a definition will start for a term, computed exactly as the engine starts them, so a
/// document that prints a reporting schedule prints the deadlines the timers will enforce.</summary>
public static class ChildSchedule
{
    public static IReadOnlyList<ScheduledChild> Of(WorkflowDefinition definition, Func<string, ICalendarRule?> calendar, DateOnly from, DateOnly to) =>
        definition.States.SelectMany(s => s.Children)
            .DistinctBy(c => (c.Workflow, c.Calendar))
            .SelectMany(spec => (calendar(spec.Calendar) ?? throw new InvalidOperationException($"Calendar {spec.Calendar} is not registered."))
                .Periods(from, to).Select(p => new ScheduledChild(spec, p, spec.DueDate(p))))
            .ToList();
}
