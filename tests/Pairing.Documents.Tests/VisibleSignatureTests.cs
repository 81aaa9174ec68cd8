using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Pairing.Documents.Fonts;
using Pairing.Documents.Layout;
using Pairing.Documents.Rendering;
using Pairing.Documents.Signing;
using Pairing.Testing;
using Xunit.Abstractions;

namespace Pairing.Documents.Tests;

public sealed class VisibleSignatureTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Fonts = Path.Combine(RepoPaths.Root, "templates", "fonts");
    private static readonly PdfComposer Composer = new(Fonts);
    private static GlyphOutlines Sans => GlyphOutlines.Load(Path.Combine(Fonts, "NotoSansSC-Regular.ttf"));
    private static readonly DateTimeOffset At = new(2024, 9, 2, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly string _folder = Directory.CreateTempSubdirectory("pairing-visible-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Two pages; the second holds the signature block with a dashed seal placeholder for each party.</summary>
    private static byte[] TwoPageDocument() => Composer.Compose(new DocumentModel("结对帮扶协议",
        [
            new Heading1("一、帮扶目标"),
            new Paragraph("甲乙双方按照一校一案建立一对一帮扶机制，三年内本科上线率提高10个百分点。"),
            new PageBreak(),
            new SignatureBlock([new SignatureParty("甲方", "清远市第一中学", "黄国（校长）"), new SignatureParty("乙方", "英德市浛洸中学", "周建明")]),
        ],
        new DocumentInfo("Pairing", "协议", "结对帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc))));

    /// <summary>A stamp of 150 × 80 pt centred on a party's seal placeholder (column 0 or 1) on a page that starts with
    /// the signature block.</summary>
    private static Box OverSeal(int column)
    {
        var width = (PageGeometry.BlockWidth - 8 * PageGeometry.PointsPerMm) / 2;
        var radius = 13 * PageGeometry.PointsPerMm;
        var centreX = PageGeometry.Left + column * (width + 8 * PageGeometry.PointsPerMm) + width - radius;
        var centreY = PageGeometry.PageHeight - (PageGeometry.Top + 0.7 * PageGeometry.LineHeight + radius);
        return new Box(centreX - 75, centreY - 40, 150, 80);
    }

    private sealed record Box(double Left, double Bottom, double Width, double Height)
    {
        /// <summary>Whether a pixel of a 72 dpi rendering lies within the box grown by margin points (negative: shrunk).</summary>
        public bool Contains((int X, int Y) pixel, double pageHeight, double margin) =>
            pixel.X + 0.5 >= Left - margin && pixel.X + 0.5 <= Left + Width + margin &&
            pageHeight - pixel.Y - 0.5 >= Bottom - margin && pageHeight - pixel.Y - 0.5 <= Bottom + Height + margin;
    }

    private static SignatureField Field(int page, Box box, StampText text) =>
        new(page, box.Left, box.Bottom, box.Width, box.Height, SignatureAppearance.Build(text, box.Width, box.Height, Sans));

    private static bool SealRed((byte R, byte G, byte B) p) => p.R - p.G > 60 && p.R - p.B > 60 && Math.Abs(p.G - p.B) < 30;

    /// <summary>White, seal red, or a blend of the two (anti-aliased edges): nothing printed underneath shows through.</summary>
    private static bool WhiteOrRed((byte R, byte G, byte B) p) => p.R >= 190 && Math.Abs(p.G - p.B) < 30;

    private PpmImage Render(byte[] pdf, int page)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        var root = Path.Combine(_folder, $"page-{Guid.NewGuid():N}");
        Poppler.Run("pdftoppm", "-r", "72", "-f", $"{page}", "-l", $"{page}", "-singlefile", file, root);
        return PpmImage.Read(root + ".ppm");
    }

    [Fact]
    public void Visible_signatures_show_their_stamps_where_asked_and_every_signature_stays_valid()
    {
        var original = TwoPageDocument();
        var left = OverSeal(0);
        var right = OverSeal(1);
        var once = IncrementalSigner.Sign(original, new SignatureRequest(TestCertificates.SelfSigned("清远市第一中学"), "黄国", "帮扶方签署", At,
            Field(1, left, new StampText("清远市第一中学", "黄国（校长）", At))));
        var twice = IncrementalSigner.Sign(once, new SignatureRequest(TestCertificates.SelfSigned("英德市浛洸中学"), "周建明", "受援方签署", At.AddHours(1),
            Field(1, right, new StampText("英德市浛洸中学", "周建明", At.AddHours(1)))));
        var sealedPdf = IncrementalSigner.Sign(twice, new SignatureRequest(TestCertificates.SelfSigned("Pairing 平台"), "Pairing 平台", "平台封存", At.AddHours(2)));

        // Incremental: each version starts with the bytes of the one before.
        Assert.Equal(original, once[..original.Length]);
        Assert.Equal(once, twice[..once.Length]);
        Assert.Equal(twice, sealedPdf[..twice.Length]);

        var report = PdfSig.Report(sealedPdf);
        Assert.Equal(3, Regex.Matches(report, @"Signature #\d+:").Count);
        Assert.Equal(3, Regex.Matches(report, "Signature Validation: Signature is Valid").Count);
        Assert.Equal(2, Regex.Matches(report, "Not total document signed").Count);
        Assert.Single(Regex.Matches(report, @"(?<!Not )Total document signed"));
        Assert.All(PdfSignatureVerifier.Verify(sealedPdf), c => Assert.True(c.Valid, c.Problem));

        // The stamps hide what was printed under them (the dashed seal placeholders and text).
        var before = Render(original, 2);
        var pageHeight = PageGeometry.PageHeight;
        foreach (var box in new[] { left, right })
            Assert.Contains(before.Where(p => !WhiteOrRed(p)), p => box.Contains(p, pageHeight, -3));

        var page = Render(sealedPdf, 2);
        var red = page.Where(SealRed).ToList();
        foreach (var box in new[] { left, right })
        {
            Assert.All(page.Where(_ => true).Where(p => box.Contains(p, pageHeight, -2)), p => Assert.True(WhiteOrRed(page[p.X, p.Y]), $"{p} is {page[p.X, p.Y]}"));
            // The border: red at the middle of each edge.
            Assert.Contains(red, p => Math.Abs(p.X + 0.5 - box.Left) < 2 && Math.Abs(pageHeight - p.Y - box.Bottom - box.Height / 2) < 2);
            Assert.Contains(red, p => Math.Abs(p.X + 0.5 - box.Left - box.Width) < 2 && Math.Abs(pageHeight - p.Y - box.Bottom - box.Height / 2) < 2);
            Assert.Contains(red, p => Math.Abs(pageHeight - p.Y - 0.5 - box.Bottom) < 2 && Math.Abs(p.X - box.Left - box.Width / 2) < 2);
            Assert.Contains(red, p => Math.Abs(pageHeight - p.Y - 0.5 - box.Bottom - box.Height) < 2 && Math.Abs(p.X - box.Left - box.Width / 2) < 2);
            // Inside the border: text-like ink, some of the area and in separate lines (institution, signer, time, caption).
            var ink = red.Where(p => box.Contains(p, pageHeight, -4)).ToList();
            var area = (box.Width - 8) * (box.Height - 8);
            Assert.InRange(ink.Count, area * 0.03, area * 0.5);
            var rows = ink.Select(p => p.Y).Distinct().Order().ToList();
            var bands = 1 + rows.Zip(rows.Skip(1)).Count(r => r.Second - r.First > 1);
            Assert.True(bands >= 4, $"{bands} lines of ink");
            output.WriteLine($"stamp at {box}: {ink.Count} red pixels inside in {bands} bands");
        }
        // Nowhere else on the page, and not at all on page 1.
        Assert.All(red, p => Assert.True(left.Contains(p, pageHeight, 2) || right.Contains(p, pageHeight, 2), $"red at {p}"));
        Assert.Empty(Render(sealedPdf, 1).Where(SealRed));

        // The document text is what it was.
        var file = Path.Combine(_folder, "sealed.pdf");
        File.WriteAllBytes(file, sealedPdf);
        Assert.Contains("一对一帮扶机制", Poppler.Run("pdftotext", "-enc", "UTF-8", file, "-"));
    }

    [Fact]
    public void A_changed_byte_in_the_content_or_in_a_stamp_is_a_digest_mismatch()
    {
        var signed = IncrementalSigner.Sign(TwoPageDocument(), new SignatureRequest(TestCertificates.SelfSigned("甲方"), "甲方", "签署", At,
            Field(1, OverSeal(0), new StampText("清远市第一中学", "黄国（校长）", At))));
        signed = IncrementalSigner.Sign(signed, new SignatureRequest(TestCertificates.SelfSigned("乙方"), "乙方", "签署", At,
            Field(1, OverSeal(1), new StampText("英德市浛洸中学", "周建明", At))));
        Assert.Equal(2, Regex.Matches(PdfSig.Report(signed), "Signature is Valid").Count);

        var text = Encoding.Latin1.GetString(signed);
        var content = signed.ToArray();
        content[text.IndexOf("stream", StringComparison.Ordinal) + 20] ^= 0x01;
        var stamp = signed.ToArray();
        stamp[text.IndexOf("/Subtype/Form", StringComparison.Ordinal) + 200] ^= 0x01;   // inside the first stamp's data
        foreach (var changed in new[] { content, stamp })
        {
            var report = PdfSig.Report(changed);
            Assert.DoesNotContain("Signature is Valid", report);
            Assert.Equal(2, Regex.Matches(report, "Digest Mismatch").Count);
            Assert.All(PdfSignatureVerifier.Verify(changed), c => Assert.False(c.Valid));
        }
    }

    [Fact]
    public void A_typical_stamp_is_small_and_round_trips_through_the_update_unchanged()
    {
        var text = new StampText("英德市浛洸镇中学", "周建明", At);
        var field = Field(1, OverSeal(0), text);
        var signed = IncrementalSigner.Sign(TwoPageDocument(), new SignatureRequest(TestCertificates.SelfSigned("乙方"), "周建明", "签署", At, field));

        var latin1 = Encoding.Latin1.GetString(signed);
        var form = Regex.Match(latin1, @"/Subtype/Form/BBox\[0 0 150 80\]/Resources<</Font<</S0 (\d+) 0 R>>>>/Filter/FlateDecode/Length (\d+)>>\nstream\n");
        Assert.True(form.Success);
        var length = int.Parse(form.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal("\nendstream", latin1.Substring(form.Index + form.Length + length, 10));
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(signed, form.Index + form.Length, length), CompressionMode.Decompress)) zlib.CopyTo(inflated);
        Assert.Equal(field.Appearance.Content, inflated.ToArray());

        // The stamp's font is a subset of the glyphs it draws, embedded with the signature; the whole update stays small.
        Assert.Matches($@"\n{form.Groups[1].Value} 0 obj\n<</Type/Font/Subtype/Type0/BaseFont/[A-Z]{{6}}\+NotoSansSC-Regular/Encoding/Identity-H", latin1);
        var distinct = string.Concat(text.Institution, text.SignerLine, text.TimeLine, StampText.Caption).EnumerateRunes().Distinct().Count();
        Assert.InRange(field.Appearance.Font.Glyphs.Count, 10, distinct + 1);
        var update = signed.Length - TwoPageDocument().Length;
        output.WriteLine($"appearance: {field.Appearance.Content.Length} bytes, {length} bytes compressed; update {update} bytes");
        Assert.True(update < 10 * 1024, $"{update} bytes");

        // The widget sits on page 2 with the stamp as its normal appearance, and prints.
        var widget = Regex.Match(latin1, @"/Subtype/Widget/FT/Sig/Rect\[([^\]]*)\]/F 4/T\(Signature1\)/V \d+ 0 R/P (\d+) 0 R/AP<</N (\d+) 0 R>>");
        Assert.True(widget.Success);
        var box = OverSeal(0);
        var rect = widget.Groups[1].Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4, rect.Length);
        Assert.Equal(box.Left, rect[0], 0.001);
        Assert.Equal(box.Bottom, rect[1], 0.001);
        Assert.Equal(box.Left + box.Width, rect[2], 0.001);
        Assert.Equal(box.Bottom + box.Height, rect[3], 0.001);
        var widgetNumber = Regex.Match(latin1[..widget.Index], @"(\d+) 0 obj\n<</Type/Annot$").Groups[1].Value;
        Assert.Matches($@"/Annots\s*\[[^\]]*\b{widgetNumber} 0 R\]", LatestObject(latin1, widget.Groups[2].Value));
        Assert.NotEqual(PageObject(latin1, 0), widget.Groups[2].Value);
        Assert.Equal(PageObject(latin1, 1), widget.Groups[2].Value);
    }

    private static string LatestObject(string pdf, string number) =>
        Regex.Matches(pdf, $@"\n{number} 0 obj\n((?:(?!endobj).)*)endobj", RegexOptions.Singleline)[^1].Groups[1].Value;

    [Theory]
    [InlineData("清远市第一中学", 150, 80)]
    [InlineData("英德市浛洸中学", 100, 100)]
    [InlineData("广东省清远市连山壮族瑶族自治县第一中学", 150, 80)]
    [InlineData("广东省清远市连山壮族瑶族自治县第一中学", 110, 60)]
    [InlineData("广东省清远市连山壮族瑶族自治县第一中学附属实验学校（高中部）", 120, 90)]
    [InlineData("Qingyuan No. 1 Middle School", 150, 50)]
    public void Every_line_of_a_stamp_fits_inside_its_border(string institution, double width, double height)
    {
        var lines = StampLines(SignatureAppearance.Build(new StampText(institution, "黄国（校长）", At), width, height, Sans));
        foreach (var line in lines)
        {
            Assert.InRange(line.Left, 1.2, width - 1.2);
            Assert.InRange(line.Right, 1.2, width - 1.2);
            Assert.InRange(line.Bottom, 1.2, height - 1.2);
            Assert.InRange(line.Top, 1.2, height - 1.2);
        }
        // Lines stack from top to bottom without overlapping; the institution comes first and largest.
        Assert.All(lines.Zip(lines.Skip(1)), p => Assert.True(p.First.Bottom > p.Second.Top, $"{p.First} overlaps {p.Second}"));
        Assert.InRange(lines.Count, 4, 12);
        Assert.Equal(lines.Max(l => l.Size), lines[0].Size, 0.001);
        output.WriteLine($"{institution} in {width}×{height}: " + string.Join(", ", lines.Select(l => $"{l.Size:0.0} pt")));
    }

    [Fact]
    public void A_stamp_shows_the_time_in_its_own_offset_and_refuses_a_box_too_small_to_read()
    {
        var text = new StampText("清远市第一中学", "黄国（校长）", new DateTimeOffset(2024, 9, 2, 10, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal("签署人：黄国（校长）", text.SignerLine);
        Assert.Equal("签署时间：2024年9月2日 10:00", text.TimeLine);
        Assert.Equal("签署时间：2024年12月31日 23:59", (text with { SignedAt = new DateTimeOffset(2024, 12, 31, 23, 59, 0, TimeSpan.FromHours(8)) }).TimeLine);
        Assert.Throws<ArgumentException>(() => SignatureAppearance.Build(text, 30, 15, Sans));
        var error = Assert.Throws<MissingGlyphsException>(() => SignatureAppearance.Build(text with { Institution = "𪛖中学" }, 150, 80, Sans));
        Assert.Equal(0x2A6D6, Assert.Single(error.Missing).Character.Value);
    }

    private sealed record StampLine(double Size, double Left, double Right, double Bottom, double Top);

    /// <summary>Each text line of a stamp's content stream (a Tf and Tm, then a TJ of CIDs and spacing) with its font
    /// size and the box the outline points of its glyphs span, in the stamp's points.</summary>
    private static List<StampLine> StampLines(StampAppearance stamp)
    {
        var lines = new List<StampLine>();
        double size = 0, x = 0, y = 0;
        foreach (var line in Encoding.ASCII.GetString(stamp.Content).Split('\n'))
        {
            var t = line.Split(' ');
            if (Regex.IsMatch(line, @"^/S0 \S+ Tf 1 0 0 1 \S+ \S+ Tm$")) (size, x, y) = (D(t[1]), D(t[7]), D(t[8]));
            else if (line.EndsWith("] TJ", StringComparison.Ordinal))
            {
                var scale = size / Sans.UnitsPerEm;
                var points = new List<(double X, double Y)>();
                var pen = 0.0;
                foreach (Match part in Regex.Matches(line, @"<([0-9A-F]*)>|(-?\d+)"))
                {
                    if (part.Groups[2].Success)
                    {
                        pen -= D(part.Groups[2].Value) * Sans.UnitsPerEm / 1000;
                        continue;
                    }
                    foreach (var cid in Convert.FromHexString(part.Groups[1].Value).Chunk(2).Select(b => b[0] << 8 | b[1]))
                    {
                        var glyph = stamp.Font.Glyphs[cid];
                        foreach (var op in Sans.GlyphPath(glyph).Split('\n').Select(l => l.Split(' ')).Where(o => o[^1] is "m" or "l" or "c"))
                            for (var i = 0; i + 1 < op.Length - 1; i += 2) points.Add((x + scale * (pen + D(op[i])), y + scale * D(op[i + 1])));
                        pen += Sans.Advance(glyph);
                        Assert.Equal(stamp.Font.Width(cid), Sans.Advance(glyph) * 1000.0 / Sans.UnitsPerEm, 0.001);
                    }
                }
                lines.Add(new StampLine(size, points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y)));
            }
        }
        return lines;
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The object number of a page of a PDFsharp document (a single /Pages node).</summary>
    private static string PageObject(string pdf, int index) =>
        Regex.Matches(Regex.Match(pdf, @"/Type\s*/Pages\b[^>]*/Kids\s*\[([^\]]*)\]").Groups[1].Value, @"(\d+) 0 R")[index].Groups[1].Value;

    [Fact]
    public void Pages_are_found_through_nested_page_trees_and_an_indirect_annotation_array_gets_a_new_version()
    {
        var pdf = HandMadePdf();
        var box = new Box(20, 20, 150, 80);
        pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(TestCertificates.SelfSigned("甲方"), "甲方", "签署", At,
            Field(1, box, new StampText("清远市第一中学", "黄国", At))));
        pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(TestCertificates.SelfSigned("乙方"), "乙方", "签署", At,
            Field(1, box with { Bottom = 160 }, new StampText("英德市浛洸中学", "周建明", At))));
        pdf = IncrementalSigner.Sign(pdf, new SignatureRequest(TestCertificates.SelfSigned("丙方"), "丙方", "签署", At,
            Field(2, box, new StampText("连州市第二中学", "李明", At))));

        var report = PdfSig.Report(pdf);
        Assert.Equal(3, Regex.Matches(report, "Signature is Valid").Count);
        var text = Encoding.Latin1.GetString(pdf);
        // Page 2 (object 5) keeps its dictionary; its annotation array (object 8) has both widgets in its latest version.
        Assert.Single(Regex.Matches(text, @"\n5 0 obj\n"));
        var arrays = Regex.Matches(text, @"\n8 0 obj\n(.*)\nendobj");
        Assert.Equal(3, arrays.Count);
        Assert.Equal(2, Regex.Matches(arrays[^1].Groups[1].Value, @"\d+ 0 R").Count);
        // Page 3 is the leaf after the nested node's two pages.
        Assert.Matches(@"/T\(Signature3\)/V \d+ 0 R/P 6 0 R", text);
        Assert.Matches(@"\n6 0 obj\n<<[^\n]*/Annots\[\d+ 0 R\]", text);

        Assert.True(Render(pdf, 2).Where(SealRed).Count() > 500);
        Assert.True(Render(pdf, 3).Where(SealRed).Count() > 250);
        Assert.Empty(Render(pdf, 1).Where(SealRed));
        Assert.Throws<ArgumentOutOfRangeException>(() => IncrementalSigner.Sign(pdf, new SignatureRequest(TestCertificates.SelfSigned("丁方"), "丁方", "签署", At,
            Field(3, box, new StampText("丁方", "丁", At)))));
    }

    /// <summary>Three pages: a /Pages node holding a nested /Pages node (pages 1 and 2) and page 3; page 2's /Annots is
    /// an indirect (empty) array.</summary>
    private static byte[] HandMadePdf()
    {
        const string content = "0.2 0.2 0.8 rg 200 20 80 80 re f";
        var objects = new[]
        {
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Pages/Kids[3 0 R 6 0 R]/Count 3>>",
            "<</Type/Pages/Parent 2 0 R/Kids[4 0 R 5 0 R]/Count 2>>",
            "<</Type/Page/Parent 3 0 R/MediaBox[0 0 300 300]/Contents 7 0 R/Resources<<>>>>",
            "<</Type/Page/Parent 3 0 R/MediaBox[0 0 300 300]/Contents 7 0 R/Resources<<>>/Annots 8 0 R>>",
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 300]/Contents 7 0 R/Resources<<>>>>",
            $"<</Length {content.Length}>>\nstream\n{content}\nendstream",
            "[]",
        };
        var pdf = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {objects.Length + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }
}
