using System.Globalization;

namespace Pairing.Web.Api;

/// <summary>Query-string values read by hand, so a malformed one gets problem details naming the parameter rather than
/// the framework's bare 400.</summary>
public static class QueryValues
{
    public static (DateOnly? Value, IResult? Problem) Date(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? (d, null) : (null, Problems.Invalid(field, $"日期「{text}」无效，应为 yyyy-MM-dd"));
    }

    public static (int? Value, IResult? Problem) Int(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (n, null) : (null, Problems.Invalid(field, $"「{text}」不是整数"));
    }
}
