using Pairing.Application.Documents;

namespace Pairing.Application.Agreements;

/// <summary>How a task's deadline reads on a given day: 2025年2月15日（还剩 3 天）, 今天截止, 已于2025年2月15日截止，已逾期
/// 2 天, or 无截止日期 — never "将于" a day that has passed.</summary>
public static class DeadlineText
{
    /// <param name="dueUtc">The first instant after the deadline, as tasks store it.</param>
    public static string Of(DateTime? dueUtc, DateTime nowUtc)
    {
        if (dueUtc is not { } due) return "无截止日期";
        var lastDay = DateOnly.FromDateTime(ChineseDates.Local(due.AddTicks(-1)));
        var today = DateOnly.FromDateTime(ChineseDates.Local(nowUtc));
        var date = ChineseDates.Date(lastDay);
        if (nowUtc >= due) return $"已于{date}截止，已逾期 {today.DayNumber - lastDay.DayNumber} 天";
        var left = lastDay.DayNumber - today.DayNumber;
        return left == 0 ? $"今天截止（{date}）" : $"{date}（还剩 {left} 天）";
    }
}
