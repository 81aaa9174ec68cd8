using System.Text.RegularExpressions;
using Pairing.Documents.Rendering;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

public sealed class PdfComposerTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-doc-{Guid.NewGuid():N}.pdf");
    private static readonly PdfComposer Composer = new(Path.Combine(RepoPaths.Root, "templates", "fonts"));

    private static DocumentModel Sample(int paragraphs) => new(
        "清远市第一中学托管帮扶英德市浛洸中学协议",
        [
            new Heading1("一、帮扶目标"),
            .. Enumerable.Range(1, paragraphs).Select(n => (Block)new Paragraph(
                $"第{n}条　甲方（清远市第一中学）与乙方（英德市浛洸中学）按照“一校一案”建立一对一帮扶机制，" +
                "三年内乙方本科上线率提高12.5%，连山壮族瑶族自治县、连南瑶族自治县的结对学校同步参加教研活动。")),
        ],
        new DocumentInfo("Pairing", "县中托管帮扶协议", "结对帮扶,托管帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc)));

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Chinese_text_comes_back_exactly_and_fonts_are_embedded_subsets()
    {
        var model = Sample(3);
        File.WriteAllBytes(_file, Composer.Compose(model));

        var text = Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-");
        var withoutNumbers = Regex.Replace(text, @"—\s*\d+\s*—", "");
        var expected = model.Title + string.Concat(model.Blocks.Select(b => b switch { Heading1 h => h.Text, Paragraph p => p.Text, _ => "" }));
        Assert.Equal(Regex.Replace(expected, @"\s", ""), Regex.Replace(withoutNumbers, @"\s", ""));
        Assert.Contains("浛洸", text);

        var fonts = Poppler.Run("pdffonts", _file).Split('\n').Skip(2).Where(l => l.Trim() != "").ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, row =>
        {
            var cells = Regex.Split(row.Trim(), @"\s{1,}");
            Assert.Matches(@"^[A-Z]{6}\+", cells[0]);     // subset prefix
            Assert.Contains("CID TrueType", row);
            Assert.Matches(@"yes\s+yes\s+yes", row);      // embedded, subset, unicode map
        });

        var info = Poppler.Run("pdfinfo", _file);
        Assert.Contains("清远市第一中学托管帮扶英德市浛洸中学协议", info);
        Assert.True(Regex.IsMatch(info, @"Page size:\s+595.2\d* x 841.89 pts \(A4\)"), info);
    }

    [Fact]
    public void Long_documents_flow_onto_numbered_pages()
    {
        File.WriteAllBytes(_file, Composer.Compose(Sample(14)));
        var pages = int.Parse(Regex.Match(Poppler.Run("pdfinfo", _file), @"Pages:\s+(\d+)").Groups[1].Value);
        Assert.True(pages >= 3, $"{pages} pages");
        for (var p = 1; p <= pages; p++)
        {
            var page = Poppler.Run("pdftotext", "-enc", "UTF-8", "-f", p.ToString(), "-l", p.ToString(), _file, "-");
            Assert.Matches($@"—\s*{p}\s*—", page);
        }
    }

    [Fact]
    public void Each_embedded_font_holds_only_the_glyphs_its_text_uses()
    {
        var model = Sample(3);
        var pdf = Composer.Compose(model);
        File.WriteAllBytes(_file, pdf);

        // The body face draws the paragraphs and page numbers; a CJK face has about 30,000 glyphs, a subset of a
        // few hundred characters must not carry an entry for each of them.
        var body = string.Concat(model.Blocks.OfType<Paragraph>().Select(p => p.Text)) + "— 1 —";
        var programs = EmbeddedFontPrograms(pdf);
        Assert.Equal(3, programs.Count);                // title (bold serif), heading (sans), body (serif)
        var largest = programs.MaxBy(p => p.Length)!;
        Assert.InRange(GlyphCount(largest), 10, body.EnumerateRunes().Distinct().Count() + 3);
        Assert.All(programs, p => Assert.True(GlyphCount(p) < 200, $"{GlyphCount(p)} glyphs"));
        Assert.True(pdf.Length < 40 * 1024, $"{pdf.Length} bytes");

        // Readers still find embedded subsets and the same text.
        var fonts = Poppler.Run("pdffonts", _file).Split('\n').Skip(2).Where(l => l.Trim() != "").ToList();
        Assert.Equal(3, fonts.Count);
        Assert.All(fonts, row => Assert.Matches(@"^[A-Z]{6}\+.*yes\s+yes\s+yes", row));
        Assert.Contains("连南瑶族自治县的结对学校同步参加教研活动", Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"), @"\s", ""));
    }

    /// <summary>The decompressed /FontFile2 programs of a PDF.</summary>
    private static List<byte[]> EmbeddedFontPrograms(byte[] pdf)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var programs = new List<byte[]>();
        foreach (Match m in Regex.Matches(text, @"<</Length1 \d+/Filter/FlateDecode/Length (\d+)>>\nstream\n"))
        {
            using var inflated = new MemoryStream();
            using (var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(pdf, m.Index + m.Length, int.Parse(m.Groups[1].Value)),
                       System.IO.Compression.CompressionMode.Decompress)) zlib.CopyTo(inflated);
            programs.Add(inflated.ToArray());
        }
        return programs;
    }

    /// <summary>numGlyphs of a TrueType font's maxp table.</summary>
    private static int GlyphCount(byte[] font)
    {
        var tables = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < tables; i++)
            if (System.Text.Encoding.ASCII.GetString(font, 12 + 16 * i, 4) == "maxp")
                return System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(
                    font.AsSpan((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + 16 * i + 8)) + 4));
        throw new InvalidDataException("no maxp table");
    }

    [Fact]
    public void The_first_page_rasterises_with_ink_inside_the_text_block()
    {
        File.WriteAllBytes(_file, Composer.Compose(Sample(4)));
        var artifacts = Path.Combine(RepoPaths.Root, "TestResults", "pages");
        Directory.CreateDirectory(artifacts);
        var prefix = Path.Combine(artifacts, "agreement-page");
        File.Copy(_file, Path.Combine(artifacts, "agreement.pdf"), overwrite: true);
        Poppler.Run("pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", _file, prefix);
        Poppler.Run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", _file, prefix);
        var (width, height, pixels) = ReadPgm(prefix + ".pgm");
        // Ink on the page, and none in the left margin (28 mm of 210 mm), where the text block does not reach.
        Assert.True(pixels.Count(p => p < 128) > width * height / 200, "page is blank");
        var margin = (int)(width * 27.0 / 210);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < margin; x++)
                Assert.True(pixels[y * width + x] >= 128, $"ink in the left margin at {x},{y}");
    }

    private static (int Width, int Height, byte[] Pixels) ReadPgm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var header = new List<string>();
        var i = 0;
        while (header.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[i])) i++;
            var start = i;
            while (!char.IsWhiteSpace((char)bytes[i])) i++;
            header.Add(System.Text.Encoding.ASCII.GetString(bytes, start, i - start));
        }
        i++;
        var (w, h) = (int.Parse(header[1]), int.Parse(header[2]));
        return (w, h, bytes[i..(i + w * h)]);
    }

    [Fact]
    public void The_same_document_gives_the_same_bytes()
    {
        var first = Composer.Compose(Sample(2));
        var second = Composer.Compose(Sample(2));
        Assert.Equal(first, second);
        Assert.NotEqual(first, Composer.Compose(Sample(3)));
        // Still a valid PDF whose fonts read as embedded subsets.
        File.WriteAllBytes(_file, first);
        Assert.Matches(@"[A-Z]{6}\+Noto", Poppler.Run("pdffonts", _file));
        Assert.Contains("帮扶目标", Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"));
    }
}
