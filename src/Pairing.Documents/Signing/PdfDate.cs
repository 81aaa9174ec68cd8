using System.Globalization;
using System.Text.RegularExpressions;

namespace Pairing.Documents.Signing;

/// <summary>The signing time a signature dictionary states in /M, e.g. (D:20240902100000+08'00').</summary>
internal static partial class PdfDate
{
    /// <summary>The /M of the dictionary, or null when it is absent or not a real date and offset.</summary>
    public static DateTimeOffset? SigningTime(string dictionary)
    {
        var m = Date().Match(dictionary);
        if (!m.Success) return null;
        if (!DateTime.TryParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        var sign = m.Groups[2].Value;
        var offset = sign is "" or "Z" ? TimeSpan.Zero
            : new TimeSpan(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), m.Groups[4].Success ? int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) : 0, 0);
        if (sign == "-") offset = -offset;
        // DateTimeOffset allows offsets up to 14 hours and times whose UTC value is in range; anything else is forged.
        if (offset.Duration() > TimeSpan.FromHours(14)) return null;
        var utcTicks = local.Ticks - offset.Ticks;
        return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(local, offset);
    }

    [GeneratedRegex(@"/M\s*\(D:(\d{14})(?:([Z+-])(\d{2})'?(\d{2})?'?)?\)")]
    private static partial Regex Date();
}
