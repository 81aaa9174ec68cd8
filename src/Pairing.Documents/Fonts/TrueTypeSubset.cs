using System.Buffers.Binary;

namespace Pairing.Documents.Fonts;

/// <summary>A TrueType font cut down to the glyphs a document uses, renumbered densely: glyph 0 (.notdef), then the
/// used glyphs in order, then the parts composite glyphs are built from. Its loca and hmtx hold one entry per kept
/// glyph, not one per glyph of the whole face (a CJK face has about 30,000). Only what a PDF CID font needs is kept:
/// head, hhea, maxp, hmtx, loca, glyf and the hinting tables (cvt, fpgm, prep).</summary>
internal sealed record FontMetrics(int UnitsPerEm, IReadOnlyList<int> Box, int Ascender, int Descender);

internal sealed class TrueTypeSubset
{
    private static readonly string[] HintingTables = ["cvt ", "fpgm", "prep"];

    /// <summary>The subset font program.</summary>
    public required byte[] Font { get; init; }

    /// <summary>The original glyph id of each new glyph id.</summary>
    public required IReadOnlyList<ushort> Glyphs { get; init; }

    /// <summary>Font units per em, the face's bounding box (xMin, yMin, xMax, yMax) and its ascender and descender, in
    /// font units: what a PDF font descriptor states.</summary>
    public required FontMetrics Metrics { get; init; }

    /// <summary>The advance width of each new glyph id, in font units.</summary>
    public required IReadOnlyList<int> Advances { get; init; }

    /// <summary>Builds the subset; throws <see cref="FormatException"/> when the font is not a TrueType font it can read.</summary>
    public static TrueTypeSubset Build(ReadOnlySpan<byte> font, IEnumerable<int> glyphs)
    {
        var tables = Directory(font);
        var head = Table(font, tables, "head");
        var hhea = Table(font, tables, "hhea");
        var maxp = Table(font, tables, "maxp");
        var hmtx = Table(font, tables, "hmtx");
        var loca = Table(font, tables, "loca");
        var glyf = Table(font, tables, "glyf");
        if (head.Length < 54 || hhea.Length < 36 || maxp.Length < 6) throw new FormatException("TrueType header tables are too short");
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(head[50..]) == 1;
        int numGlyphs = BinaryPrimitives.ReadUInt16BigEndian(maxp[4..]);
        int numberOfHMetrics = BinaryPrimitives.ReadUInt16BigEndian(hhea[34..]);
        if (numberOfHMetrics == 0 || hmtx.Length < 4 * numberOfHMetrics + 2 * (numGlyphs - numberOfHMetrics))
            throw new FormatException("TrueType hmtx table is too short");
        if (loca.Length < (numGlyphs + 1) * (longLoca ? 4 : 2)) throw new FormatException("TrueType loca table is too short");

        ReadOnlySpan<byte> Glyph(ReadOnlySpan<byte> locaTable, ReadOnlySpan<byte> glyfTable, int id)
        {
            var (start, end) = longLoca
                ? ((int)BinaryPrimitives.ReadUInt32BigEndian(locaTable[(4 * id)..]), (int)BinaryPrimitives.ReadUInt32BigEndian(locaTable[(4 * id + 4)..]))
                : (2 * BinaryPrimitives.ReadUInt16BigEndian(locaTable[(2 * id)..]), 2 * BinaryPrimitives.ReadUInt16BigEndian(locaTable[(2 * id + 2)..]));
            if (start < 0 || end < start || end > glyfTable.Length) throw new FormatException($"TrueType glyph {id} lies outside the glyf table");
            return glyfTable[start..end];
        }

        // The order of new ids: .notdef, the used glyphs ascending, then components of composites as they are met.
        var order = new List<ushort> { 0 };
        var newIds = new Dictionary<ushort, ushort> { [0] = 0 };
        foreach (var id in glyphs.Where(g => g > 0 && g < numGlyphs).Distinct().Order())
        {
            newIds[(ushort)id] = (ushort)order.Count;
            order.Add((ushort)id);
        }
        for (var i = 0; i < order.Count; i++)
            foreach (var (_, component) in Components(Glyph(loca, glyf, order[i])))
                if (newIds.TryAdd(component, (ushort)order.Count))
                {
                    if (component >= numGlyphs) throw new FormatException($"TrueType composite glyph refers to glyph {component}, past the last");
                    order.Add(component);
                }

        var newGlyf = new MemoryStream();
        var newLoca = new byte[4 * (order.Count + 1)];
        var newHmtx = new byte[4 * order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var id = order[i];
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * i), (uint)newGlyf.Length);
            var data = Glyph(loca, glyf, id).ToArray();
            foreach (var (at, component) in Components(data)) BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), newIds[component]);
            newGlyf.Write(data);
            // Each glyph starts on a four-byte boundary.
            while (newGlyf.Length % 4 != 0) newGlyf.WriteByte(0);

            var metric = Math.Min(id, numberOfHMetrics - 1);
            var advance = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(4 * metric)..]);
            var leftSideBearing = id < numberOfHMetrics
                ? BinaryPrimitives.ReadInt16BigEndian(hmtx[(4 * id + 2)..])
                : BinaryPrimitives.ReadInt16BigEndian(hmtx[(4 * numberOfHMetrics + 2 * (id - numberOfHMetrics))..]);
            BinaryPrimitives.WriteUInt16BigEndian(newHmtx.AsSpan(4 * i), advance);
            BinaryPrimitives.WriteInt16BigEndian(newHmtx.AsSpan(4 * i + 2), leftSideBearing);
        }
        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * order.Count), (uint)newGlyf.Length);

        var newHead = head.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(newHead.AsSpan(8), 0);       // checkSumAdjustment, set once the font is whole
        BinaryPrimitives.WriteInt16BigEndian(newHead.AsSpan(50), 1);       // indexToLocFormat: long offsets
        var newHhea = hhea.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(newHhea.AsSpan(34), (ushort)order.Count);
        var newMaxp = maxp.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(newMaxp.AsSpan(4), (ushort)order.Count);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["glyf"] = newGlyf.ToArray(), ["head"] = newHead, ["hhea"] = newHhea, ["hmtx"] = newHmtx, ["loca"] = newLoca, ["maxp"] = newMaxp,
        };
        foreach (var tag in HintingTables)
            if (tables.ContainsKey(tag)) output[tag] = Table(font, tables, tag).ToArray();
        var metrics = new FontMetrics(BinaryPrimitives.ReadUInt16BigEndian(head[18..]),
            [BinaryPrimitives.ReadInt16BigEndian(head[36..]), BinaryPrimitives.ReadInt16BigEndian(head[38..]),
             BinaryPrimitives.ReadInt16BigEndian(head[40..]), BinaryPrimitives.ReadInt16BigEndian(head[42..])],
            BinaryPrimitives.ReadInt16BigEndian(hhea[4..]), BinaryPrimitives.ReadInt16BigEndian(hhea[6..]));
        var advances = Enumerable.Range(0, order.Count).Select(i => (int)BinaryPrimitives.ReadUInt16BigEndian(newHmtx.AsSpan(4 * i))).ToList();
        return new TrueTypeSubset { Font = Assemble(output), Glyphs = order, Metrics = metrics, Advances = advances };
    }

    private static Dictionary<string, (int Offset, int Length)> Directory(ReadOnlySpan<byte> font)
    {
        if (font.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(font) is not (0x00010000 or 0x74727565))
            throw new FormatException("Not a TrueType font");
        int count = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        if (font.Length < 12 + 16 * count) throw new FormatException("TrueType table directory is cut short");
        var tables = new Dictionary<string, (int, int)>();
        for (var i = 0; i < count; i++)
        {
            var record = font.Slice(12 + 16 * i, 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            if (offset + (long)length > font.Length) throw new FormatException($"TrueType table {tag} lies outside the font");
            tables[tag] = ((int)offset, (int)length);
        }
        return tables;
    }

    private static ReadOnlySpan<byte> Table(ReadOnlySpan<byte> font, Dictionary<string, (int Offset, int Length)> tables, string tag) =>
        tables.TryGetValue(tag, out var t) ? font.Slice(t.Offset, t.Length) : throw new FormatException($"TrueType font has no {tag} table");

    /// <summary>Where each component glyph id of a composite glyph sits, and the id; none for a simple glyph.</summary>
    private static List<(int At, ushort Glyph)> Components(ReadOnlySpan<byte> glyph)
    {
        var components = new List<(int, ushort)>();
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0) return components;
        const int argsAreWords = 0x1, haveScale = 0x8, moreComponents = 0x20, haveXyScale = 0x40, haveTwoByTwo = 0x80;
        var at = 10;
        while (true)
        {
            if (at + 4 > glyph.Length) throw new FormatException("TrueType composite glyph is cut short");
            var flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[at..]);
            components.Add((at + 2, BinaryPrimitives.ReadUInt16BigEndian(glyph[(at + 2)..])));
            at += 4 + ((flags & argsAreWords) != 0 ? 4 : 2);
            at += (flags & haveScale) != 0 ? 2 : (flags & haveXyScale) != 0 ? 4 : (flags & haveTwoByTwo) != 0 ? 8 : 0;
            if ((flags & moreComponents) == 0) return components;
        }
    }

    /// <summary>The sfnt file: the directory (tables sorted by tag), each table on a four-byte boundary with its
    /// checksum, and head's checkSumAdjustment making the whole file sum to 0xB1B0AFBA.</summary>
    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var selector = (int)Math.Floor(Math.Log2(count));
        var size = 12 + 16 * count + tables.Values.Sum(t => Padded(t.Length));
        var font = new byte[size];
        var span = font.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(16 << selector));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)selector);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(16 * count - (16 << selector)));
        var offset = 12 + 16 * count;
        var headAt = 0;
        var i = 0;
        foreach (var (tag, data) in tables)
        {
            var record = span.Slice(12 + 16 * i++, 16);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            data.CopyTo(span[offset..]);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], CheckSum(span.Slice(offset, Padded(data.Length))));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            if (tag == "head") headAt = offset;
            offset += Padded(data.Length);
        }
        BinaryPrimitives.WriteUInt32BigEndian(span[(headAt + 8)..], unchecked(0xB1B0AFBA - CheckSum(span)));
        return font;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint CheckSum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4) sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        return sum;
    }
}
