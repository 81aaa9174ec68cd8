using System.Diagnostics;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Pairing.Documents.Export;
using Pairing.Documents.Fonts;
using Pairing.Documents.Rendering;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

public sealed class DocumentBlocksTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-blocks-{Guid.NewGuid():N}.pdf");
    private static readonly PdfComposer Composer = new(Path.Combine(RepoPaths.Root, "templates", "fonts"));

    public void Dispose()
    {
        File.Delete(_file);
        File.Delete(_file + ".png");
    }

    private static DocumentModel Agreement(string heading2 = "（一）课程建设") => new("清远市第一中学托管帮扶英德市浛洸中学协议",
        [
            new Heading1("一、帮扶措施"),
            new Heading2(heading2),
            new Clause("第一条", "甲方每学期派驻骨干教师不少于3名。"),
            new Clause("第二条", "乙方提供必要的办公和生活保障。"),
            new SignatureBlock([new SignatureParty("甲方（帮扶方）", "清远市第一中学", "陈志强"), new SignatureParty("乙方（受援方）", "英德市浛洸中学", null)]),
            new PageBreak(),
            new Heading1("签署记录"),
            new QrCode("https://pairing.example/verify?ref=QY-2024-001/r1", "扫描二维码核验本协议"),
        ],
        new DocumentInfo("Pairing", "县中托管帮扶协议", "结对帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc), "QY-2024-001/r1"));

    [Fact]
    public void Clauses_level_two_headings_and_signature_blocks_render_in_their_faces()
    {
        File.WriteAllBytes(_file, Composer.Compose(Agreement()));
        var text = Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-");
        var flat = Regex.Replace(text, @"\s", "");
        Assert.Contains("（一）课程建设", flat);
        Assert.Contains("第一条甲方每学期派驻骨干教师不少于3名。", flat);
        Assert.Contains("甲方（帮扶方）：", flat);
        Assert.Contains("清远市第一中学", flat[flat.IndexOf("甲方（帮扶方）：", StringComparison.Ordinal)..]);
        Assert.Contains("签署人：陈志强", flat);
        Assert.Contains("签章处（数字签名）", flat);
        Assert.DoesNotContain("日期：年月日", flat);
        var fonts = Poppler.Run("pdffonts", _file);
        Assert.True(Regex.IsMatch(fonts, "[A-Z]{6}\\+AR.*UKai"), fonts);
        Assert.Contains("QY-2024-001/r1", Poppler.Run("pdfinfo", "-custom", _file));
        // The signing record starts on its own page.
        Assert.Contains("签署记录", Poppler.Run("pdftotext", "-enc", "UTF-8", "-f", "2", "-l", "2", _file, "-"));
    }

    [Fact]
    public void The_qr_code_decodes_to_the_verification_reference()
    {
        File.WriteAllBytes(_file, Composer.Compose(Agreement()));
        Poppler.Run("pdftoppm", "-png", "-r", "150", "-f", "2", "-l", "2", "-singlefile", _file, _file);
        var info = new ProcessStartInfo("zbarimg", ["--quiet", "--raw", _file + ".png"]) { RedirectStandardOutput = true };
        using var zbar = Process.Start(info)!;
        var decoded = zbar.StandardOutput.ReadToEnd().Trim();
        zbar.WaitForExit();
        Assert.Equal("https://pairing.example/verify?ref=QY-2024-001/r1", decoded);
    }

    [Fact]
    public void A_character_no_font_has_is_reported_not_dropped()
    {
        // U+2A6D6 (CJK Extension B) is in none of the shipped faces.
        var rare = char.ConvertFromUtf32(0x2A6D6);
        var model = Agreement() with { Blocks = [new Paragraph($"结对学校位于{rare}村。")] };
        var error = Assert.Throws<MissingGlyphsException>(() => Composer.Compose(model));
        var missing = Assert.Single(error.Missing);
        Assert.Equal(0x2A6D6, missing.Character.Value);
        Assert.Contains("U+2A6D6", error.Message);
        Assert.Contains("结对学校位于", missing.Context);
    }

    [Fact]
    public void A_level_two_heading_kai_cannot_draw_falls_back_to_the_serif_face()
    {
        var coverage = new FontCoverage(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "templates", "fonts", "ukai-cn.ttf")));
        var serif = new FontCoverage(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "templates", "fonts", "NotoSerifSC-Regular.ttf")));
        var onlySerif = Enumerable.Range(0x4E00, 0x9FFF - 0x4E00).First(c => !coverage.Has(c) && serif.Has(c));
        File.WriteAllBytes(_file, Composer.Compose(Agreement($"（一）{char.ConvertFromUtf32(onlySerif)}课程")));
        Assert.Contains($"（一）{char.ConvertFromUtf32(onlySerif)}课程", Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"));
    }

    [Fact]
    public void The_word_export_holds_the_same_text_in_the_house_style()
    {
        var bytes = DocxComposer.Compose(Agreement());
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        var text = body.InnerText;
        Assert.StartsWith("清远市第一中学托管帮扶英德市浛洸中学协议", text);
        Assert.Contains("第一条　甲方每学期派驻骨干教师不少于3名。", text);
        Assert.Contains("甲方（帮扶方）：清远市第一中学", text);
        var page = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.PageSize>().Single();
        Assert.Equal(11906u, page.Width!.Value);    // A4 in twentieths of a point
        Assert.Contains(body.Descendants<DocumentFormat.OpenXml.Wordprocessing.RunFonts>(), f => f.EastAsia == "楷体");
        Assert.Equal("zh-CN", doc.PackageProperties.Language);
    }
}
