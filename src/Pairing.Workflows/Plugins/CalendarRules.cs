namespace Pairing.Workflows.Plugins;

/// <summary>A named calendar (for example school semesters) supplied by the program layer.</summary>
public interface ICalendarRule
{
    string Name { get; }
    /// <summary>The periods that overlap [from, to], clipped to it, in order.</summary>
    IReadOnlyList<CalendarPeriod> Periods(DateOnly from, DateOnly to);
    /// <summary>The first period end on or after the given date.</summary>
    DateOnly NextEnd(DateOnly onOrAfter);
}

public sealed record CalendarPeriod(string Key, string Label, DateOnly Start, DateOnly End);
