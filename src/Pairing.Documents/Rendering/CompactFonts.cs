using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Pairing.Documents.Fonts;

namespace Pairing.Documents.Rendering;

/// <summary>Replaces the font programs PDFsharp embeds with compact subsets. PDFsharp's subsets keep the whole glyph-id
/// space of the face (a CJK face: ~30,000 loca and hmtx entries, most of a file's bytes and half the time it takes to
/// compress); here each CID font keeps only its used glyphs, renumbered, and gets a /CIDToGIDMap from the glyph ids
/// the page content uses (its CIDs) to the new ones. Content streams, widths and ToUnicode maps stay as they are, so
/// text extraction is unchanged. Compressed subsets are cached by face and glyph set: the same glyphs are not
/// compressed twice.</summary>
/// <remarks>Reads PDFsharp's own output (a classic cross-reference table, one object after another, font programs
/// uncompressed) and writes it again with a new cross-reference table.</remarks>
internal static partial class CompactFonts
{
    private const int CacheLimit = 256;
    private static readonly ConcurrentDictionary<string, CompactFont> Cache = new();

    private sealed record CompactFont(byte[] Program, int Length1, byte[] Map);

    public static byte[] Rewrite(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var (offsets, xrefAt, trailer) = ReadXref(text);
        var order = offsets.OrderBy(o => o.Value).Select(o => o.Key).ToList();
        var spans = new Dictionary<int, (int Start, int End)>();
        for (var i = 0; i < order.Count; i++)
            spans[order[i]] = (offsets[order[i]], i + 1 < order.Count ? offsets[order[i + 1]] : xrefAt);
        string Body(int number) => text[spans[number].Start..spans[number].End];

        // The CID fonts by font program: PDFsharp may share one descriptor (and program) between fonts.
        var users = new SortedDictionary<int, (List<int> Fonts, SortedSet<int> Cids)>();
        foreach (var number in order)
        {
            var body = Body(number);
            if (!body.Contains("/Subtype/CIDFontType2", StringComparison.Ordinal) || !body.Contains("/CIDToGIDMap/Identity", StringComparison.Ordinal))
                continue;
            var descriptor = Reference().Match(body);
            if (!descriptor.Success || !spans.ContainsKey(int.Parse(descriptor.Groups[1].Value, CultureInfo.InvariantCulture))) continue;
            var program = FontFile2().Match(Body(int.Parse(descriptor.Groups[1].Value, CultureInfo.InvariantCulture)));
            if (!program.Success) continue;
            var key = int.Parse(program.Groups[1].Value, CultureInfo.InvariantCulture);
            if (!spans.ContainsKey(key)) continue;
            if (!users.TryGetValue(key, out var use)) users[key] = use = ([], []);
            use.Fonts.Add(number);
            use.Cids.UnionWith(Widths(body));
        }

        var replaced = new Dictionary<int, string>();
        var added = new List<string>();
        var size = int.Parse(Size().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
        foreach (var (programNumber, (fonts, cids)) in users)
        {
            if (StreamData(Body(programNumber)) is not { } raw) continue;
            CompactFont compact;
            try
            {
                compact = Compact(raw, cids);
            }
            catch (FormatException)
            {
                // A font this reader does not understand keeps PDFsharp's subset: larger, never broken.
                continue;
            }
            replaced[programNumber] = Stream(programNumber, $"/Length1 {compact.Length1}/Filter/FlateDecode", compact.Program);
            var mapNumber = size++;
            added.Add(Stream(mapNumber, "/Filter/FlateDecode", compact.Map));
            foreach (var font in fonts)
                replaced[font] = WithoutDefaultWidths(Body(font).Replace("/CIDToGIDMap/Identity", $"/CIDToGIDMap {mapNumber} 0 R", StringComparison.Ordinal));
        }
        if (replaced.Count == 0) return pdf;

        var output = new StringBuilder(text.Length);
        output.Append(text, 0, offsets[order[0]]);
        var newOffsets = new SortedDictionary<int, int>();
        foreach (var number in order)
        {
            newOffsets[number] = output.Length;
            if (replaced.TryGetValue(number, out var body)) output.Append(body);
            else output.Append(text, spans[number].Start, spans[number].End - spans[number].Start);
        }
        for (var i = 0; i < added.Count; i++)
        {
            newOffsets[size - added.Count + i] = output.Length;
            output.Append(added[i]);
        }
        var xref = output.Length;
        output.Append(CultureInfo.InvariantCulture, $"xref\n0 {size}\n0000000000 65535 f \n");
        for (var number = 1; number < size; number++)
            output.Append(newOffsets.TryGetValue(number, out var at) ? $"{at:D10} 00000 n \n" : "0000000000 65535 f \n");
        output.Append(Size().Replace(trailer, $"/Size {size}", 1));
        output.Append(CultureInfo.InvariantCulture, $"startxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(output.ToString());
    }

    /// <summary>The compact program and its CID-to-glyph map, from the cache when this face and glyph set were seen.</summary>
    private static CompactFont Compact(byte[] program, SortedSet<int> cids)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(program);
        foreach (var cid in cids) hash.AppendData(BitConverter.GetBytes(cid));
        var key = Convert.ToHexString(hash.GetHashAndReset());
        if (Cache.TryGetValue(key, out var cached)) return cached;

        var subset = TrueTypeSubset.Build(program, cids);
        var map = new byte[2 * (cids.Max + 1)];
        for (var gid = 0; gid < subset.Glyphs.Count; gid++)
        {
            int cid = subset.Glyphs[gid];
            // Components added for composites are not CIDs the content uses.
            if (cids.Contains(cid)) { map[2 * cid] = (byte)(gid >> 8); map[2 * cid + 1] = (byte)gid; }
        }
        var compact = new CompactFont(Deflate(subset.Font), subset.Font.Length, Deflate(map));
        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache[key] = compact;
        return compact;
    }

    /// <summary>Drops the /W entries "c [1000]" that PDFsharp writes for every ideograph: without /DW a CID font's
    /// default width is 1000, so they say nothing (a CJK body face: several kilobytes per document).</summary>
    private static string WithoutDefaultWidths(string font)
    {
        var widths = WidthArray().Match(font);
        if (DefaultWidthKey().IsMatch(font) || !widths.Success) return font;
        return font.Remove(widths.Index, widths.Length).Insert(widths.Index, DefaultWidthEntry().Replace(widths.Value, ""));
    }

    /// <summary>The CIDs a /W array gives widths for: "c [w1 w2 …]" covers c, c+1, …; "first last w" a range.</summary>
    private static IEnumerable<int> Widths(string font)
    {
        var at = font.IndexOf("/W[", StringComparison.Ordinal);
        if (at < 0) yield break;
        var numbers = new List<int>();
        var depth = 0;
        for (var i = at + 2; i < font.Length; i++)
        {
            var c = font[i];
            if (c == '[') depth++;
            else if (c == ']')
            {
                if (--depth == 0) break;
                // The end of "c [w1 … wn]": numbers holds c then the widths.
                for (var k = 0; k < numbers.Count - 1; k++) yield return numbers[0] + k;
                numbers.Clear();
            }
            else if (char.IsAsciiDigit(c) || c == '.' || c == '-')
            {
                var end = i;
                while (end < font.Length && (char.IsAsciiDigit(font[end]) || font[end] is '.' or '-')) end++;
                numbers.Add((int)double.Parse(font.AsSpan(i, end - i), CultureInfo.InvariantCulture));
                i = end - 1;
                if (depth == 1 && numbers.Count == 3)
                {
                    for (var cid = numbers[0]; cid <= numbers[1]; cid++) yield return cid;
                    numbers.Clear();
                }
            }
        }
    }

    /// <summary>The stream's data when it is unfiltered and its /Length is a direct number; otherwise null.</summary>
    private static byte[]? StreamData(string body)
    {
        var start = body.IndexOf("stream\n", StringComparison.Ordinal);
        if (start < 0) return null;
        var dictionary = body[..start];
        if (dictionary.Contains("/Filter", StringComparison.Ordinal)) return null;
        var length = Length().Match(dictionary);
        if (!length.Success) return null;
        var from = start + "stream\n".Length;
        var count = int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture);
        return from + count <= body.Length ? Encoding.Latin1.GetBytes(body.Substring(from, count)) : null;
    }

    private static string Stream(int number, string entries, byte[] data) =>
        $"{number} 0 obj\n<<{entries}/Length {data.Length}>>\nstream\n{Encoding.Latin1.GetString(data)}\nendstream\nendobj\n";

    private static byte[] Deflate(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize)) zlib.Write(data);
        return buffer.ToArray();
    }

    /// <summary>Object offsets from the classic cross-reference table, where it starts, and the trailer text up to
    /// startxref.</summary>
    private static (Dictionary<int, int> Offsets, int XrefAt, string Trailer) ReadXref(string text)
    {
        var startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var xrefAt = int.Parse(text.AsSpan(startxref + "startxref".Length).Trim().ToString().Split('\n')[0], CultureInfo.InvariantCulture);
        var trailerAt = text.IndexOf("trailer", xrefAt, StringComparison.Ordinal);
        var offsets = new Dictionary<int, int>();
        var lines = text[(xrefAt + "xref".Length)..trailerAt].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var number = 0;
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length == 2)
            {
                number = int.Parse(parts[0], CultureInfo.InvariantCulture);
                continue;
            }
            if (parts[2] == "n") offsets[number] = int.Parse(parts[0], CultureInfo.InvariantCulture);
            number++;
        }
        return (offsets, xrefAt, text[trailerAt..startxref]);
    }

    [GeneratedRegex(@"/FontDescriptor\s*(\d+)\s+0\s+R")]
    private static partial Regex Reference();

    [GeneratedRegex(@"/FontFile2\s*(\d+)\s+0\s+R")]
    private static partial Regex FontFile2();

    [GeneratedRegex(@"/Length\s+(\d+)(?!\s+\d+\s+R)")]
    private static partial Regex Length();

    /// <summary>PDFsharp's form of /W: one "c[w]" entry per CID.</summary>
    [GeneratedRegex(@"/W\[(?:\d+\[\d+(?:\.\d+)?\])*\]")]
    private static partial Regex WidthArray();

    /// <summary>A /DW entry (not a name that merely starts so, such as a subset tag "/DWQXZA+…").</summary>
    [GeneratedRegex(@"/DW\s*[\d.]")]
    private static partial Regex DefaultWidthKey();

    [GeneratedRegex(@"(?<=[\[\]])\d+\[1000\]")]
    private static partial Regex DefaultWidthEntry();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();
}
