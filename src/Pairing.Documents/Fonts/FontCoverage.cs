using System.Buffers.Binary;
using System.Text;

namespace Pairing.Documents.Fonts;

/// <summary>Which characters a TrueType face has, read from its Unicode cmap (formats 4 and 12). The composer asks it
/// before drawing, so a character no font has is reported instead of silently becoming an empty box.</summary>
public sealed class FontCoverage
{
    private readonly HashSet<int> _codePoints = [];

    public FontCoverage(byte[] font)
    {
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var cmap = -1;
        for (var i = 0; i < tables; i++)
            if (Encoding.ASCII.GetString(font, 12 + 16 * i, 4) == "cmap")
                cmap = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + 16 * i + 8));
        if (cmap < 0) throw new InvalidDataException("font has no cmap table");
        var subtables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(cmap + 2));
        for (var i = 0; i < subtables; i++)
        {
            var record = cmap + 4 + 8 * i;
            var platform = U16(font, record);
            var encoding = U16(font, record + 2);
            if (platform != 3 && platform != 0) continue;
            var at = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(record + 4));
            switch (U16(font, at))
            {
                case 4 when platform == 0 || encoding == 1: ReadFormat4(font, at); break;
                case 12: ReadFormat12(font, at); break;
            }
        }
    }

    public bool Has(int codePoint) => _codePoints.Contains(codePoint);

    /// <summary>The characters of the text this face cannot draw (whitespace and controls are never drawn).</summary>
    public IEnumerable<Rune> Missing(string text) =>
        text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r) && !Rune.IsControl(r) && !Has(r.Value)).Distinct();

    private void ReadFormat4(byte[] f, int at)
    {
        var segments = U16(f, at + 6) / 2;
        var ends = at + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var offsets = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            var end = U16(f, ends + 2 * s);
            var start = U16(f, starts + 2 * s);
            var delta = U16(f, deltas + 2 * s);
            var offset = U16(f, offsets + 2 * s);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (offset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    var g = U16(f, offsets + 2 * s + offset + 2 * (c - start));
                    glyph = g == 0 ? 0 : (g + delta) & 0xFFFF;
                }
                if (glyph != 0) _codePoints.Add(c);
            }
        }
    }

    private void ReadFormat12(byte[] f, int at)
    {
        var groups = BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(at + 12));
        for (var g = 0; g < groups; g++)
        {
            var record = at + 16 + 12 * g;
            var start = (int)BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(record));
            var end = (int)BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(record + 4));
            var glyph = BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(record + 8));
            for (var c = start; c <= end; c++)
                if (glyph + (c - start) != 0) _codePoints.Add(c);
        }
    }

    private static int U16(byte[] f, int at) => BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(at));
}
