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

    /// <summary>The PDF in the first <paramref name="length"/> bytes of <paramref name="pdf"/>, its fonts compacted.
    /// Works on bytes: only object dictionaries are read as text, never the font programs.</summary>
    public static byte[] Rewrite(byte[] pdf, int length)
    {
        var (offsets, xrefAt, trailer) = ReadXref(pdf, length);
        var order = offsets.OrderBy(o => o.Value).Select(o => o.Key).ToList();
        var spans = new Dictionary<int, (int Start, int End)>();
        for (var i = 0; i < order.Count; i++)
            spans[order[i]] = (offsets[order[i]], i + 1 < order.Count ? offsets[order[i + 1]] : xrefAt);
        // An object's text up to its stream data, if it has any.
        string Header(int number)
        {
            var (start, end) = spans[number];
            var stream = pdf.AsSpan(start, end - start).IndexOf("stream\n"u8);
            return Encoding.Latin1.GetString(pdf, start, stream < 0 ? end - start : stream + "stream\n".Length);
        }

        // The CID fonts by font program: PDFsharp may share one descriptor (and program) between fonts.
        var users = new SortedDictionary<int, (List<int> Fonts, SortedSet<int> Cids)>();
        var headers = order.ToDictionary(n => n, Header);
        foreach (var number in order)
        {
            var body = headers[number];
            if (!body.Contains("/Subtype/CIDFontType2", StringComparison.Ordinal) || !body.Contains("/CIDToGIDMap/Identity", StringComparison.Ordinal))
                continue;
            var descriptor = Reference().Match(body);
            if (!descriptor.Success || !headers.TryGetValue(int.Parse(descriptor.Groups[1].Value, CultureInfo.InvariantCulture), out var descriptorBody)) continue;
            var program = FontFile2().Match(descriptorBody);
            if (!program.Success) continue;
            var key = int.Parse(program.Groups[1].Value, CultureInfo.InvariantCulture);
            if (!spans.ContainsKey(key)) continue;
            if (!users.TryGetValue(key, out var use)) users[key] = use = ([], []);
            use.Fonts.Add(number);
            use.Cids.UnionWith(Widths(body));
        }

        var replaced = new Dictionary<int, byte[]>();
        var added = new List<byte[]>();
        var size = int.Parse(Size().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
        foreach (var (programNumber, (fonts, cids)) in users)
        {
            var header = headers[programNumber];
            var data = StreamLength(header) is { } count && spans[programNumber].Start + header.Length + count <= spans[programNumber].End
                ? pdf.AsSpan(spans[programNumber].Start + header.Length, count) : default;
            if (data.IsEmpty) continue;
            CompactFont compact;
            try
            {
                compact = Compact(data, cids);
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
                replaced[font] = Encoding.Latin1.GetBytes(
                    WithoutDefaultWidths(headers[font].Replace("/CIDToGIDMap/Identity", $"/CIDToGIDMap {mapNumber} 0 R", StringComparison.Ordinal)));
        }
        if (replaced.Count == 0) return pdf[..length];

        using var output = new MemoryStream(length / 2);
        output.Write(pdf, 0, offsets[order[0]]);
        var newOffsets = new SortedDictionary<int, int>();
        foreach (var number in order)
        {
            newOffsets[number] = (int)output.Position;
            if (replaced.TryGetValue(number, out var body)) output.Write(body);
            else output.Write(pdf, spans[number].Start, spans[number].End - spans[number].Start);
        }
        for (var i = 0; i < added.Count; i++)
        {
            newOffsets[size - added.Count + i] = (int)output.Position;
            output.Write(added[i]);
        }
        var xref = (int)output.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {size}\n0000000000 65535 f \n");
        for (var number = 1; number < size; number++)
            table.Append(newOffsets.TryGetValue(number, out var at) ? $"{at:D10} 00000 n \n" : "0000000000 65535 f \n");
        table.Append(Size().Replace(trailer, $"/Size {size}", 1));
        table.Append(CultureInfo.InvariantCulture, $"startxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.Latin1.GetBytes(table.ToString()));
        return output.ToArray();
    }

    /// <summary>The compact program and its CID-to-glyph map, from the cache when this face and glyph set were seen.</summary>
    private static CompactFont Compact(ReadOnlySpan<byte> program, SortedSet<int> cids)
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

    /// <summary>The length of an unfiltered stream whose /Length is a direct number; otherwise null.</summary>
    private static int? StreamLength(string header)
    {
        if (!header.EndsWith("stream\n", StringComparison.Ordinal) || header.Contains("/Filter", StringComparison.Ordinal)) return null;
        var length = Length().Match(header);
        return length.Success ? int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static byte[] Stream(int number, string entries, byte[] data) =>
        [.. Encoding.Latin1.GetBytes($"{number} 0 obj\n<<{entries}/Length {data.Length}>>\nstream\n"), .. data, .. "\nendstream\nendobj\n"u8];

    /// <summary>zlib's default level, not its smallest: most documents bring a glyph set not seen before, and the
    /// smallest level costs about a quarter more time per document for under one percent of size.</summary>
    private static byte[] Deflate(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal)) zlib.Write(data);
        return buffer.ToArray();
    }

    /// <summary>Object offsets from the classic cross-reference table, where it starts, and the trailer text up to
    /// startxref.</summary>
    private static (Dictionary<int, int> Offsets, int XrefAt, string Trailer) ReadXref(byte[] pdf, int length)
    {
        var startxref = pdf.AsSpan(0, length).LastIndexOf("startxref"u8);
        var tail = Encoding.Latin1.GetString(pdf, startxref, length - startxref);
        var xrefAt = int.Parse(tail["startxref".Length..].Trim().Split('\n')[0], CultureInfo.InvariantCulture);
        var text = Encoding.Latin1.GetString(pdf, xrefAt, startxref - xrefAt);
        var trailerAt = text.IndexOf("trailer", StringComparison.Ordinal);
        var offsets = new Dictionary<int, int>();
        var number = 0;
        foreach (var line in text["xref".Length..trailerAt].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
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
        return (offsets, xrefAt, text[trailerAt..]);
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
