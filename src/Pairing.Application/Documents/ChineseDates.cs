using System.Globalization;

namespace Pairing.Application.Documents;

/// <summary>Dates and times as documents print them: 2024年9月1日, and times in China Standard Time (UTC+8).</summary>
public static class ChineseDates
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public static string Date(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    public static string Date(DateTime utc) => Date(DateOnly.FromDateTime(Local(utc)));

    /// <summary>A deadline stored as the first instant after it (midnight) reads as the last day it allows.</summary>
    public static string Deadline(DateTime dueUtc) => Date(dueUtc.AddTicks(-1));

    public static string Time(DateTime utc) => Local(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static DateTime Local(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc) + China;

    public static DateTimeOffset Offset(DateTime utc) => new(DateTime.SpecifyKind(Local(utc), DateTimeKind.Unspecified), China);
}
