namespace Pairing.Domain.Calendars;

/// <summary>The school calendar of the design: 第一学期 September–January, 第二学期 February–July, 学年 September–August.</summary>
public static class SchoolCalendar
{
    public static IEnumerable<(string Key, string Label, DateOnly Start, DateOnly End)> Semesters(DateOnly from, DateOnly to)
    {
        for (var year = from.Year - 1; year <= to.Year; year++)
        {
            var first = (Key: $"{year}-{year + 1}-1", Label: $"{year}—{year + 1}学年第一学期", Start: new DateOnly(year, 9, 1), End: new DateOnly(year + 1, 1, 31));
            var second = (Key: $"{year}-{year + 1}-2", Label: $"{year}—{year + 1}学年第二学期", Start: new DateOnly(year + 1, 2, 1), End: new DateOnly(year + 1, 7, 31));
            foreach (var p in new[] { first, second })
                if (p.End >= from && p.Start <= to)
                    yield return (p.Key, p.Label, Max(p.Start, from), Min(p.End, to));
        }
    }

    public static IEnumerable<(string Key, string Label, DateOnly Start, DateOnly End)> SchoolYears(DateOnly from, DateOnly to)
    {
        for (var year = from.Year - 1; year <= to.Year; year++)
        {
            var start = new DateOnly(year, 9, 1);
            var end = new DateOnly(year + 1, 8, 31);
            if (end >= from && start <= to)
                yield return ($"{year}-{year + 1}", $"{year}—{year + 1}学年", Max(start, from), Min(end, to));
        }
    }

    public static DateOnly NextSemesterEnd(DateOnly onOrAfter)
    {
        var jan = new DateOnly(onOrAfter.Year, 1, 31);
        var jul = new DateOnly(onOrAfter.Year, 7, 31);
        if (onOrAfter <= jan) return jan;
        if (onOrAfter <= jul) return jul;
        return new DateOnly(onOrAfter.Year + 1, 1, 31);
    }

    public static DateOnly NextSchoolYearEnd(DateOnly onOrAfter)
    {
        var aug = new DateOnly(onOrAfter.Year, 8, 31);
        return onOrAfter <= aug ? aug : aug.AddYears(1);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
