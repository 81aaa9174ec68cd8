using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pairing.Documents.Fonts;

namespace Pairing.Documents.Signing;

/// <summary>A visible signature's appearance: the content stream drawn in its box, and the font its text is drawn with
/// (resource <see cref="StampFont.Resource"/>).</summary>
public sealed record StampAppearance(byte[] Content, StampFont Font);

/// <summary>The glyphs a stamp's text uses, as a TrueType subset embedded with the signature: CID i is glyph i of the
/// subset. A subset of a few dozen glyphs is about half the size of the same glyphs written as path operators.</summary>
public sealed class StampFont
{
    public const string Resource = "S0";
    private readonly TrueTypeSubset _subset;
    private readonly IReadOnlyDictionary<int, string> _text;
    private readonly Dictionary<int, int> _cids = [];

    /// <param name="characters">The character each glyph of the face stands for.</param>
    internal StampFont(string face, TrueTypeSubset subset, IReadOnlyDictionary<int, string> characters)
    {
        _subset = subset;
        for (var cid = 0; cid < subset.Glyphs.Count; cid++) _cids.TryAdd(subset.Glyphs[cid], cid);
        _text = characters.ToDictionary(c => _cids[c.Key], c => c.Value);
        // A subset is named with a tag of six capital letters; derived from the glyphs, so the same stamp gives the
        // same bytes.
        var hash = SHA256.HashData(subset.Font);
        Name = new string(hash.Take(6).Select(b => (char)('A' + b % 26)).ToArray()) + "+" + face;
    }

    /// <summary>The font's name: subset tag and face.</summary>
    public string Name { get; }

    /// <summary>The glyph of the whole face behind each CID.</summary>
    public IReadOnlyList<int> Glyphs => _subset.Glyphs.Select(g => (int)g).ToList();

    /// <summary>The CID of a glyph of the whole face.</summary>
    internal int Cid(int glyph) => _cids[glyph];

    /// <summary>A CID's advance in thousandths of an em, as text space measures it.</summary>
    public double Width(int cid) => _subset.Advances[cid] * 1000.0 / _subset.Metrics.UnitsPerEm;

    internal byte[] Program => _subset.Font;

    internal string Type0(int descendant, int toUnicode) =>
        $"<</Type/Font/Subtype/Type0/BaseFont/{Name}/Encoding/Identity-H/DescendantFonts[{descendant} 0 R]/ToUnicode {toUnicode} 0 R>>";

    internal string CidFont(int descriptor) =>
        $"<</Type/Font/Subtype/CIDFontType2/BaseFont/{Name}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>" +
        $"/FontDescriptor {descriptor} 0 R/CIDToGIDMap/Identity/W[0[{string.Join(' ', Enumerable.Range(0, _subset.Glyphs.Count).Select(c => Number(Width(c))))}]]>>";

    internal string Descriptor(int program)
    {
        var m = _subset.Metrics;
        string Em(int units) => Number(units * 1000.0 / m.UnitsPerEm);
        return $"<</Type/FontDescriptor/FontName/{Name}/Flags 4/FontBBox[{string.Join(' ', m.Box.Select(Em))}]/ItalicAngle 0" +
               $"/Ascent {Em(m.Ascender)}/Descent {Em(m.Descender)}/CapHeight {Em(m.Ascender)}/StemV 80/FontFile2 {program} 0 R>>";
    }

    /// <summary>The CMap that gives each CID its text, so readers that extract a stamp's text read the characters.</summary>
    internal byte[] ToUnicode()
    {
        var s = new StringBuilder();
        s.Append("/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n")
            .Append("/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n");
        // At most 100 entries per block.
        foreach (var block in _text.OrderBy(t => t.Key).Chunk(100))
        {
            s.Append(CultureInfo.InvariantCulture, $"{block.Length} beginbfchar\n");
            foreach (var (cid, text) in block)
                s.Append(CultureInfo.InvariantCulture, $"<{cid:X4}><{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text))}>\n");
            s.Append("endbfchar\n");
        }
        s.Append("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
        return Encoding.ASCII.GetBytes(s.ToString());
    }

    private static string Number(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
