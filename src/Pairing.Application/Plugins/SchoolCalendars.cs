using Pairing.Domain.Calendars;
using Pairing.Workflows.Plugins;

namespace Pairing.Application.Plugins;

/// <summary>第一学期 September–January, 第二学期 February–July.</summary>
public sealed class SemesterCalendarRule : ICalendarRule
{
    public string Name => "semester";
    public IReadOnlyList<CalendarPeriod> Periods(DateOnly from, DateOnly to) =>
        SchoolCalendar.Semesters(from, to).Select(p => new CalendarPeriod(p.Key, p.Label, p.Start, p.End)).ToList();
    public DateOnly NextEnd(DateOnly onOrAfter) => SchoolCalendar.NextSemesterEnd(onOrAfter);
}

/// <summary>学年 September–August, for annual evaluations.</summary>
public sealed class SchoolYearCalendarRule : ICalendarRule
{
    public string Name => "school-year";
    public IReadOnlyList<CalendarPeriod> Periods(DateOnly from, DateOnly to) =>
        SchoolCalendar.SchoolYears(from, to).Select(p => new CalendarPeriod(p.Key, p.Label, p.Start, p.End)).ToList();
    public DateOnly NextEnd(DateOnly onOrAfter) => SchoolCalendar.NextSchoolYearEnd(onOrAfter);
}
