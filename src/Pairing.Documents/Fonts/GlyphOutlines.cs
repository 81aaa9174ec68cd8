using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;

namespace Pairing.Documents.Fonts;

/// <summary>One point of a TrueType outline in font units; off-curve points are quadratic control points.</summary>
public readonly record struct OutlinePoint(double X, double Y, bool OnCurve);

/// <summary>A run of text as PDF path operators in font units, the pen starting at 0 0, and how far the pen moved.</summary>
public sealed record TextOutline(string Operators, int Advance);

/// <summary>Glyph outlines and advance widths of a static TrueType (glyf) font. Text drawn as filled outlines needs no
/// embedded font, which keeps a signature's incremental update small and self-contained. Reads only what drawing needs:
/// the Unicode cmap (formats 4 and 12), hmtx, loca and glyf with simple and composite glyphs; no hinting, no kerning.</summary>
public sealed class GlyphOutlines
{
    private static readonly ConcurrentDictionary<string, Lazy<GlyphOutlines>> Loaded = new();
    private const int MaxCompositeDepth = 8;

    private readonly byte[] _font;
    private readonly Dictionary<int, int> _glyphs = [];
    private readonly int _glyf;
    private readonly int _loca;
    private readonly bool _longLoca;
    private readonly int _hmtx;
    private readonly int _hMetrics;

    /// <summary>The font as named in reports of missing characters.</summary>
    public string Name { get; }
    public int UnitsPerEm { get; }
    public int GlyphCount { get; }

    /// <summary>The font in a file, read once per process however many threads ask for it.</summary>
    public static GlyphOutlines Load(string path) =>
        Loaded.GetOrAdd(Path.GetFullPath(path), full => new Lazy<GlyphOutlines>(
            () => new GlyphOutlines(File.ReadAllBytes(full), Path.GetFileNameWithoutExtension(full)))).Value;

    public GlyphOutlines(byte[] font, string name)
    {
        _font = font;
        Name = name;
        var tables = new Dictionary<string, int>();
        var count = U16(4);
        for (var i = 0; i < count; i++)
            tables[Encoding.ASCII.GetString(font, 12 + 16 * i, 4)] = (int)U32(12 + 16 * i + 8);
        int Table(string tag) => tables.TryGetValue(tag, out var at) ? at
            : throw new NotSupportedException($"{name}: no {tag} table (only static TrueType fonts with glyf outlines are supported)");

        var head = Table("head");
        UnitsPerEm = U16(head + 18);
        _longLoca = I16(head + 50) == 1;
        GlyphCount = U16(Table("maxp") + 4);
        _hMetrics = U16(Table("hhea") + 34);
        _hmtx = Table("hmtx");
        _loca = Table("loca");
        _glyf = Table("glyf");
        ReadCmap(Table("cmap"));
    }

    /// <summary>The font file, for embedding a subset of it.</summary>
    internal ReadOnlySpan<byte> Program => _font;

    /// <summary>The glyph a character maps to, or 0 (.notdef) when the font lacks it.</summary>
    public int GlyphIndex(int codePoint) => _glyphs.GetValueOrDefault(codePoint);

    public bool Has(int codePoint) => _glyphs.ContainsKey(codePoint);

    public int Advance(int glyph)
    {
        CheckGlyph(glyph);
        return U16(_hmtx + 4 * Math.Min(glyph, _hMetrics - 1));
    }

    /// <summary>Whether a glyph is built from other glyphs rather than from its own points.</summary>
    public bool IsComposite(int glyph)
    {
        var (start, end) = Range(glyph);
        return end > start && I16(_glyf + start) < 0;
    }

    /// <summary>Throws <see cref="MissingGlyphsException"/> naming every character of the text this font cannot draw.</summary>
    public void Require(string text)
    {
        var missing = text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r) && !Rune.IsControl(r) && !Has(r.Value)).Distinct()
            .Select(r => new MissingGlyph(r, Name, text)).ToList();
        if (missing.Count > 0) throw new MissingGlyphsException(missing);
    }

    /// <summary>The width of a text in font units.</summary>
    public int Width(string text)
    {
        Require(text);
        return text.EnumerateRunes().Sum(AdvanceOf);
    }

    /// <summary>The contours of a glyph in font units, components of a composite glyph placed where it says.</summary>
    public IReadOnlyList<IReadOnlyList<OutlinePoint>> Contours(int glyph) => Local(glyph, 0);

    /// <summary>A glyph as path operators (m, l, c, h) in font units, moved right by penX.</summary>
    public string GlyphPath(int glyph, int penX = 0)
    {
        var path = new StringBuilder();
        foreach (var contour in Contours(glyph)) OutlinePath.Append(path, contour, penX);
        return path.ToString();
    }

    /// <summary>A line of text as path operators in font units, each glyph after the advance of the ones before. Fill
    /// it with the nonzero rule (f) under a cm that scales font units to the wanted size.</summary>
    public TextOutline Outline(string text)
    {
        Require(text);
        var path = new StringBuilder();
        var pen = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Has(rune.Value))
                foreach (var contour in Contours(GlyphIndex(rune.Value))) OutlinePath.Append(path, contour, pen);
            pen += AdvanceOf(rune);
        }
        return new TextOutline(path.ToString(), pen);
    }

    // Whitespace the font lacks still takes room: half an em, like an en space.
    private int AdvanceOf(Rune rune) => Has(rune.Value) ? Advance(GlyphIndex(rune.Value)) : UnitsPerEm / 2;

    private List<IReadOnlyList<OutlinePoint>> Local(int glyph, int depth)
    {
        if (depth > MaxCompositeDepth) throw new InvalidDataException($"{Name}: composite glyphs nest too deeply");
        var (start, end) = Range(glyph);
        if (end <= start) return [];                // no outline, e.g. a space
        var at = _glyf + start;
        var contours = I16(at);
        return contours >= 0 ? Simple(at, contours) : Composite(at, depth);
    }

    private List<IReadOnlyList<OutlinePoint>> Simple(int at, int contours)
    {
        var ends = at + 10;
        var pointCount = contours == 0 ? 0 : U16(ends + 2 * (contours - 1)) + 1;
        var p = ends + 2 * contours;
        p += 2 + U16(p);                            // skip the hinting instructions

        var flags = new byte[pointCount];
        for (var i = 0; i < pointCount;)
        {
            var flag = _font[p++];
            flags[i++] = flag;
            if ((flag & 0x08) == 0) continue;       // REPEAT_FLAG: the next byte says how many more times
            for (var repeat = _font[p++]; repeat > 0 && i < pointCount; repeat--) flags[i++] = flag;
        }
        var xs = Coordinates(flags, ref p, shortBit: 0x02, sameOrPositiveBit: 0x10);
        var ys = Coordinates(flags, ref p, shortBit: 0x04, sameOrPositiveBit: 0x20);

        var result = new List<IReadOnlyList<OutlinePoint>>(contours);
        var first = 0;
        for (var c = 0; c < contours; c++)
        {
            var last = U16(ends + 2 * c);
            var contour = new List<OutlinePoint>(last - first + 1);
            for (var i = first; i <= last; i++) contour.Add(new OutlinePoint(xs[i], ys[i], (flags[i] & 0x01) != 0));
            result.Add(contour);
            first = last + 1;
        }
        return result;
    }

    /// <summary>Coordinates are deltas from the previous point: one unsigned byte with the sign in a flag bit, or the
    /// same as before, or a signed 16-bit value.</summary>
    private int[] Coordinates(byte[] flags, ref int p, int shortBit, int sameOrPositiveBit)
    {
        var values = new int[flags.Length];
        var value = 0;
        for (var i = 0; i < flags.Length; i++)
        {
            if ((flags[i] & shortBit) != 0) value += (flags[i] & sameOrPositiveBit) != 0 ? _font[p++] : -_font[p++];
            else if ((flags[i] & sameOrPositiveBit) == 0) { value += I16(p); p += 2; }
            values[i] = value;
        }
        return values;
    }

    private List<IReadOnlyList<OutlinePoint>> Composite(int at, int depth)
    {
        const int ArgsAreWords = 0x0001, ArgsAreXy = 0x0002, Scale = 0x0008, MoreComponents = 0x0020,
            XyScale = 0x0040, TwoByTwo = 0x0080, ScaledOffset = 0x0800;
        var result = new List<IReadOnlyList<OutlinePoint>>();
        var p = at + 10;
        int flags;
        do
        {
            flags = U16(p);
            var component = U16(p + 2);
            p += 4;
            int arg1, arg2;
            if ((flags & ArgsAreWords) != 0) { arg1 = I16(p); arg2 = I16(p + 2); p += 4; }
            else if ((flags & ArgsAreXy) != 0) { arg1 = (sbyte)_font[p]; arg2 = (sbyte)_font[p + 1]; p += 2; }
            else { arg1 = _font[p]; arg2 = _font[p + 1]; p += 2; }

            // x' = a·x + c·y, y' = b·x + d·y
            double a = 1, b = 0, c = 0, d = 1;
            if ((flags & Scale) != 0) { a = d = F2Dot14(p); p += 2; }
            else if ((flags & XyScale) != 0) { a = F2Dot14(p); d = F2Dot14(p + 2); p += 4; }
            else if ((flags & TwoByTwo) != 0) { a = F2Dot14(p); b = F2Dot14(p + 2); c = F2Dot14(p + 4); d = F2Dot14(p + 6); p += 8; }

            var parts = Local(component, depth + 1)
                .Select(contour => contour.Select(q => q with { X = a * q.X + c * q.Y, Y = b * q.X + d * q.Y }).ToList()).ToList();
            double dx, dy;
            if ((flags & ArgsAreXy) != 0)
            {
                // Offsets are in the composite's units unless the font asks for them to be scaled with the component.
                (dx, dy) = (flags & ScaledOffset) != 0 ? (a * arg1 + c * arg2, b * arg1 + d * arg2) : (arg1, arg2);
            }
            else
            {
                // Point matching: move the component so that its point arg2 lands on the composite's point arg1.
                var parent = result.SelectMany(q => q).ElementAt(arg1);
                var child = parts.SelectMany(q => q).ElementAt(arg2);
                (dx, dy) = (parent.X - child.X, parent.Y - child.Y);
            }
            foreach (var contour in parts) result.Add(contour.Select(q => q with { X = q.X + dx, Y = q.Y + dy }).ToList());
        } while ((flags & MoreComponents) != 0);
        return result;
    }

    private (int Start, int End) Range(int glyph)
    {
        CheckGlyph(glyph);
        return _longLoca
            ? ((int)U32(_loca + 4 * glyph), (int)U32(_loca + 4 * glyph + 4))
            : (2 * U16(_loca + 2 * glyph), 2 * U16(_loca + 2 * glyph + 2));
    }

    private void CheckGlyph(int glyph)
    {
        if (glyph < 0 || glyph >= GlyphCount) throw new ArgumentOutOfRangeException(nameof(glyph), $"{Name} has {GlyphCount} glyphs");
    }

    private void ReadCmap(int cmap)
    {
        var subtables = U16(cmap + 2);
        for (var i = 0; i < subtables; i++)
        {
            var record = cmap + 4 + 8 * i;
            var platform = U16(record);
            var encoding = U16(record + 2);
            if (platform != 0 && !(platform == 3 && (encoding == 1 || encoding == 10))) continue;   // Unicode subtables only
            var at = cmap + (int)U32(record + 4);
            switch (U16(at))
            {
                case 4: ReadFormat4(at); break;
                case 12: ReadFormat12(at); break;
            }
        }
    }

    private void ReadFormat4(int at)
    {
        var segments = U16(at + 6) / 2;
        var ends = at + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var offsets = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            var end = U16(ends + 2 * s);
            var start = U16(starts + 2 * s);
            var delta = U16(deltas + 2 * s);
            var offset = U16(offsets + 2 * s);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (offset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    // idRangeOffset counts bytes from its own position to the character's entry in the glyph array.
                    var g = U16(offsets + 2 * s + offset + 2 * (c - start));
                    glyph = g == 0 ? 0 : (g + delta) & 0xFFFF;
                }
                if (glyph != 0) _glyphs.TryAdd(c, glyph);
            }
        }
    }

    private void ReadFormat12(int at)
    {
        var groups = U32(at + 12);
        for (var g = 0; g < groups; g++)
        {
            var record = at + 16 + 12 * g;
            var start = (int)U32(record);
            var end = (int)U32(record + 4);
            var glyph = (int)U32(record + 8);
            for (var c = start; c <= end; c++)
                if (glyph + (c - start) != 0) _glyphs.TryAdd(c, glyph + (c - start));
        }
    }

    private int U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(_font.AsSpan(at));
    private int I16(int at) => BinaryPrimitives.ReadInt16BigEndian(_font.AsSpan(at));
    private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(_font.AsSpan(at));
    private double F2Dot14(int at) => I16(at) / 16384.0;
}
