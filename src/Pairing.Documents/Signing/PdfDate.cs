using System.Globalization;
using System.Text.RegularExpressions;

namespace Pairing.Documents.Signing;

/// <summary>The signing time a signature dictionary states in /M, e.g. (D:20240902100000+08'00') or (D:20240902020000Z).</summary>
internal static partial class PdfDate
{
    /// <summary>The /M of the dictionary, or null when it is absent or not a real date and offset.</summary>
    public static DateTimeOffset? SigningTime(string dictionary)
    {
        var m = Date().Match(dictionary);
        if (!m.Success) return null;
        if (!DateTime.TryParseExact(m.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        var offset = m.Groups["sign"].Success
            ? new TimeSpan(Number(m.Groups["hours"]), m.Groups["minutes"].Success ? Number(m.Groups["minutes"]) : 0, 0)
            : TimeSpan.Zero;
        if (m.Groups["sign"].Value == "-") offset = -offset;
        // DateTimeOffset allows offsets up to 14 hours and times whose UTC value is in range; anything else is forged.
        if (offset.Duration() > TimeSpan.FromHours(14)) return null;
        var utcTicks = local.Ticks - offset.Ticks;
        return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(local, offset);
    }

    private static int Number(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/M\s*\(D:(?<time>\d{14})(?:Z(?:00'?(?:00'?)?)?|(?<sign>[+-])(?<hours>\d{2})'?(?:(?<minutes>\d{2})'?)?)?\)")]
    private static partial Regex Date();
}
