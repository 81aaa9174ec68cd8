using System.Globalization;
using System.Text.RegularExpressions;

namespace Pairing.Documents.Signing;

/// <summary>The latest revision of a PDF with a classic cross-reference table: where each object is, and what the
/// trailer says. Enough to append an incremental update without rewriting a byte of what is there.</summary>
public sealed partial class PdfRevision
{
    private readonly string _text;
    private readonly Dictionary<int, int> _offsets = [];

    public PdfRevision(string latin1Text)
    {
        _text = latin1Text;
        var start = StartXref().Match(_text);
        if (!start.Success) throw new FormatException("PDF has no startxref");
        StartXrefOffset = int.Parse(start.Groups[1].Value, CultureInfo.InvariantCulture);
        var offset = StartXrefOffset;
        var first = true;
        while (true)
        {
            if (string.CompareOrdinal(_text, offset, "xref", 0, 4) != 0)
                throw new NotSupportedException("Only PDFs with classic cross-reference tables can be signed incrementally");
            var trailerAt = _text.IndexOf("trailer", offset, StringComparison.Ordinal);
            foreach (Match section in Subsection().Matches(_text[offset..trailerAt]))
            {
                var number = int.Parse(section.Groups[1].Value, CultureInfo.InvariantCulture);
                foreach (Match entry in Entry().Matches(section.Groups[3].Value))
                {
                    if (entry.Groups[3].Value == "n") _offsets.TryAdd(number, int.Parse(entry.Groups[1].Value, CultureInfo.InvariantCulture));
                    number++;
                }
            }
            var trailer = _text[trailerAt..Math.Min(_text.Length, _text.IndexOf("startxref", trailerAt, StringComparison.Ordinal))];
            if (first)
            {
                Size = int.Parse(Regex.Match(trailer, @"/Size\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
                Root = int.Parse(Regex.Match(trailer, @"/Root\s+(\d+)\s+\d+\s+R").Groups[1].Value, CultureInfo.InvariantCulture);
                var info = Regex.Match(trailer, @"/Info\s+(\d+)\s+\d+\s+R");
                Info = info.Success ? int.Parse(info.Groups[1].Value, CultureInfo.InvariantCulture) : null;
                Id = Regex.Match(trailer, @"/ID\s*\[[^\]]*\]").Value;
                first = false;
            }
            var prev = Regex.Match(trailer, @"/Prev\s+(\d+)");
            if (!prev.Success) break;
            offset = int.Parse(prev.Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }

    public int StartXrefOffset { get; }
    public int Size { get; private set; }
    public int Root { get; private set; }
    public int? Info { get; private set; }
    public string Id { get; private set; } = "";

    /// <summary>The dictionary of an object, e.g. "&lt;&lt;/Type/Catalog…&gt;&gt;".</summary>
    public string Body(int number)
    {
        if (!_offsets.TryGetValue(number, out var at)) throw new FormatException($"object {number} is not in the cross-reference table");
        var open = _text.IndexOf("obj", at, StringComparison.Ordinal) + 3;
        var close = _text.IndexOf("endobj", open, StringComparison.Ordinal);
        return _text[open..close].Trim();
    }

    public static int Reference(string body, string key)
    {
        var m = Regex.Match(body, Regex.Escape(key) + @"\s*(\d+)\s+\d+\s+R");
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new FormatException($"{key} not found");
    }

    [GeneratedRegex(@"startxref\s+(\d+)\s+%%EOF\s*$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"(\d+)\s+(\d+)\s*[\r\n]+((?:\d{10}\s\d{5}\s[nf]\s*[\r\n]+)*)")]
    private static partial Regex Subsection();

    [GeneratedRegex(@"(\d{10})\s(\d{5})\s([nf])")]
    private static partial Regex Entry();
}
