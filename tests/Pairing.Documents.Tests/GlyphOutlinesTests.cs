using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Pairing.Documents.Fonts;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

public sealed class GlyphOutlinesTests
{
    private static readonly string Fonts = Path.Combine(RepoPaths.Root, "templates", "fonts");
    private static GlyphOutlines Sans => GlyphOutlines.Load(Path.Combine(Fonts, "NotoSansSC-Regular.ttf"));

    [Fact]
    public void A_font_file_is_read_once_however_many_threads_ask()
    {
        var loaded = Enumerable.Range(0, 8).AsParallel().Select(_ => GlyphOutlines.Load(Path.Combine(Fonts, "NotoSansSC-Regular.ttf"))).ToList();
        Assert.All(loaded, f => Assert.Same(loaded[0], f));
        Assert.Equal(1000, loaded[0].UnitsPerEm);
    }

    [Theory]
    [InlineData("清远市第一中学")]
    [InlineData("浛洸")]
    public void Chinese_characters_have_outlines_and_widths(string text)
    {
        var font = Sans;
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = font.GlyphIndex(rune.Value);
            Assert.NotEqual(0, glyph);
            Assert.True(font.Advance(glyph) > 0);
            Assert.NotEmpty(font.Contours(glyph));
            var path = font.GlyphPath(glyph);
            Assert.Matches(@"^-?\d+ -?\d+ m\n", path);
            Assert.EndsWith("h\n", path);
            // Only path operators and whole numbers.
            Assert.Matches(@"^(?:(?:-?\d+ )+[mlc]\n|h\n)+$", path);
        }
        var outline = font.Outline(text);
        Assert.Equal(text.EnumerateRunes().Sum(r => font.Advance(font.GlyphIndex(r.Value))), outline.Advance);
        Assert.Equal(outline.Advance, font.Width(text));
        // Every character contributes at least one closed contour.
        Assert.True(Regex.Matches(outline.Operators, @" m\n").Count >= text.Length);
    }

    [Fact]
    public void A_character_the_font_lacks_is_reported_not_drawn()
    {
        var font = Sans;
        Assert.False(font.Has(0x2A6D6));
        Assert.Equal(0, font.GlyphIndex(0x2A6D6));
        var error = Assert.Throws<MissingGlyphsException>(() => font.Outline("清远𪛖中学"));
        var missing = Assert.Single(error.Missing);
        Assert.Equal(0x2A6D6, missing.Character.Value);
        Assert.Equal("NotoSansSC-Regular", missing.Font);
        Assert.Contains("𪛖", error.Message);
        Assert.Throws<MissingGlyphsException>(() => font.Width("𪛖"));
    }

    [Fact]
    public void A_composite_glyph_is_drawn_from_its_components()
    {
        // Noto Sans SC has no composite glyphs; AR PL UKai builds accented Latin letters from components.
        var font = GlyphOutlines.Load(Path.Combine(Fonts, "ukai-cn.ttf"));
        var accented = font.GlyphIndex('é');
        var plain = font.GlyphIndex('e');
        Assert.True(font.IsComposite(accented));
        Assert.False(font.IsComposite(plain));
        var contours = font.Contours(accented);
        Assert.True(contours.Count > font.Contours(plain).Count);
        // The accent sits above the letter.
        Assert.True(contours.SelectMany(c => c).Max(p => p.Y) > font.Contours(plain).SelectMany(c => c).Max(p => p.Y) + 50);
        Assert.Contains(" c\n", font.GlyphPath(accented));
        Assert.True(font.Outline("café").Advance > 0);
    }

    [Fact]
    public void Quadratic_curves_become_exact_cubics_or_lines_and_components_are_scaled_and_moved()
    {
        var font = new GlyphOutlines(TinyTrueType.Build(), "tiny");
        Assert.Equal(1000, font.UnitsPerEm);
        // A: (0,0) (100,0) on the curve, then two control points (100,100) (0,100) with an implied point (50,100)
        // between them. Control points of each cubic lie 2/3 of the way from the ends to the quadratic control point.
        Assert.Equal("0 0 m\n100 0 l\n100 67 83 100 50 100 c\n17 100 0 67 0 0 c\nh\n", font.GlyphPath(font.GlyphIndex('A')));
        // B: A at half size, moved by (10, 20).
        Assert.True(font.IsComposite(font.GlyphIndex('B')));
        Assert.Equal("10 20 m\n60 20 l\n60 53 52 70 35 70 c\n18 70 10 53 10 20 c\nh\n", font.GlyphPath(font.GlyphIndex('B')));
        // C: repeated flags, short and unchanged coordinates, all points on the curve.
        Assert.Equal("0 0 m\n10 0 l\n20 0 l\n30 0 l\n30 30 l\nh\n", font.GlyphPath(font.GlyphIndex('C')));
        // D: a quadratic whose control point lies on its chord is written as a line.
        Assert.Equal("0 0 m\n100 0 l\n100 100 l\nh\n", font.GlyphPath(font.GlyphIndex('D')));
        // Each glyph follows the advance of the ones before it.
        Assert.Equal(new TextOutline("0 0 m\n10 0 l\n20 0 l\n30 0 l\n30 30 l\nh\n500 0 m\n510 0 l\n520 0 l\n530 0 l\n530 30 l\nh\n", 1000), font.Outline("CC"));
    }

    /// <summary>A minimal TrueType font built in memory, so the exact path of known points can be checked.</summary>
    private static class TinyTrueType
    {
        public static byte[] Build()
        {
            // Glyph 1 "A": on (0,0), on (100,0), off (100,100), off (0,100).
            var a = Bytes(I16(1), I16(0), I16(0), I16(100), I16(100), U16(3), U16(0),
                [0x31, 0x33, 0x10, 0x22], [100, 100], I16(100));
            // Glyph 2 "B": glyph 1, offsets as signed bytes, scaled by 0.5 (F2Dot14 0x2000).
            var b = Bytes(I16(-1), I16(10), I16(20), I16(60), I16(70), U16(0x0002 | 0x0008), U16(1), [10, 20], U16(0x2000));
            // Glyph 3 "C": (0,0) then three points 10 to the right (one flag repeated twice more), then 30 up.
            var c = Bytes(I16(1), I16(0), I16(0), I16(30), I16(30), U16(4), U16(0),
                [0x31, 0x33 | 0x08, 2, 0x35], [10, 10, 10], [30]);
            // Glyph 4 "D": on (0,0), off (50,0), on (100,0), on (100,100): the curve along the bottom is a straight line.
            var d = Bytes(I16(1), I16(0), I16(0), I16(100), I16(100), U16(3), U16(0), [0x31, 0x32, 0x33, 0x35], [50, 50], [100]);
            var glyphs = new[] { Array.Empty<byte>(), Pad(a), Pad(b), Pad(c), Pad(d) };
            var loca = new List<byte>();
            var offset = 0;
            foreach (var g in glyphs) { loca.AddRange(U32(offset)); offset += g.Length; }
            loca.AddRange(U32(offset));

            var head = new byte[54];
            BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(18), 1000);   // unitsPerEm
            BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1);       // long loca
            var maxp = Bytes(U32(0x00005000), U16(glyphs.Length));
            var hhea = new byte[36];
            BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)glyphs.Length);
            var hmtx = glyphs.SelectMany(_ => Bytes(U16(500), I16(0))).ToArray();
            // cmap format 4: 'A'..'D' → glyphs 1..4, then the closing 0xFFFF segment.
            var format4 = Bytes(U16(4), U16(32), U16(0), U16(4), U16(4), U16(1), U16(0),
                U16('D'), U16(0xFFFF), U16(0), U16('A'), U16(0xFFFF), I16(1 - 'A'), I16(1), U16(0), U16(0));
            var cmap = Bytes(U16(0), U16(1), U16(3), U16(1), U32(12), format4);

            var tables = new (string Tag, byte[] Data)[]
            {
                ("cmap", cmap), ("glyf", [.. glyphs.SelectMany(g => g)]), ("head", head), ("hhea", hhea),
                ("hmtx", hmtx), ("loca", [.. loca]), ("maxp", maxp),
            };
            var font = new List<byte>(Bytes(U32(0x00010000), U16(tables.Length), U16(0), U16(0), U16(0)));
            var at = 12 + 16 * tables.Length;
            foreach (var (tag, data) in tables)
            {
                font.AddRange(Bytes(Encoding.ASCII.GetBytes(tag), U32(0), U32(at), U32(data.Length)));
                at += Pad(data).Length;
            }
            foreach (var (_, data) in tables) font.AddRange(Pad(data));
            return [.. font];
        }

        private static byte[] Bytes(params byte[][] parts) => [.. parts.SelectMany(p => p)];
        private static byte[] Pad(byte[] data) => [.. data, .. new byte[(4 - data.Length % 4) % 4]];
        private static byte[] U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); return b; }
        private static byte[] I16(int v) { var b = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(b, (short)v); return b; }
        private static byte[] U32(int v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); return b; }
    }
}
