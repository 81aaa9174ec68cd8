using System.Text.RegularExpressions;
using Pairing.Documents.Rendering;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

/// <summary>The signature page as official documents have it: a field per party for its visible digital signature,
/// （此页无正文） on a signature page that holds no body text, and a 草稿 watermark on every page of a draft.</summary>
public sealed class SignaturePageTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-sigpage-{Guid.NewGuid():N}.pdf");
    private static readonly PdfComposer Composer = new(Path.Combine(RepoPaths.Root, "templates", "fonts"));

    public void Dispose() => File.Delete(_file);

    private static readonly SignatureBlock Parties = new([
        new SignatureParty("甲方（帮扶方）", "清远市第一中学", "陈志强（校长）", "G1"),
        new SignatureParty("乙方（受援方）", "英德市浛洸中学", "周建明（校长）", "C2"),
        new SignatureParty("丙方（县级人民政府）", "英德市人民政府", "钱进（副市长）", "GOV-YD"),
    ]);

    private static DocumentModel Model(int paragraphs, string? watermark = null) => new("托管帮扶协议",
        [.. Enumerable.Range(1, paragraphs).Select(i => (Block)new Paragraph($"第{i}段：双方按照一校一案建立一对一帮扶机制，每学期开展联合教研。")), Parties],
        new DocumentInfo("Pairing", "协议", "结对帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc), "T/r1", watermark));

    private string PageText(byte[] pdf, int page)
    {
        File.WriteAllBytes(_file, pdf);
        return Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", "-f", $"{page}", "-l", $"{page}", _file, "-"), @"\s", "");
    }

    private int Pages(byte[] pdf)
    {
        File.WriteAllBytes(_file, pdf);
        return int.Parse(Regex.Match(Poppler.Run("pdfinfo", _file), @"Pages:\s+(\d+)").Groups[1].Value);
    }

    [Fact]
    public void A_signature_page_without_body_text_says_so_and_each_party_gets_a_field_there()
    {
        // Paragraphs until the first page is full: the signature block starts on a page of its own.
        var composed = Composer.ComposeWithFields(Model(9));
        var pages = Pages(composed.Pdf);
        var last = PageText(composed.Pdf, pages);
        Assert.StartsWith("（此页无正文）", last);
        foreach (var line in new[] { "甲方（帮扶方）：", "清远市第一中学", "签署人：陈志强（校长）", "丙方（县级人民政府）：", "签署人：钱进（副市长）" })
            Assert.Contains(line, last);
        Assert.DoesNotContain("（此页无正文）", PageText(composed.Pdf, pages - 1));

        Assert.Equal(["G1", "C2", "GOV-YD"], composed.Fields.Select(f => f.Key).ToArray());
        Assert.All(composed.Fields, f => Assert.Equal(pages - 1, f.Page));
        // Two to a row: the first two side by side, the third below them; all inside the page.
        Assert.Equal(composed.Fields[0].Bottom, composed.Fields[1].Bottom, 3);
        Assert.True(composed.Fields[2].Bottom < composed.Fields[0].Bottom);
        Assert.All(composed.Fields, f => Assert.True(f.Left > 0 && f.Bottom > 0 && f.Left + f.Width < 595.3 && f.Width > 150 && f.Height > 60));
    }

    [Fact]
    public void A_signature_block_that_follows_body_text_on_its_page_needs_no_note()
    {
        var pdf = Composer.Compose(Model(2));
        Assert.Equal(1, Pages(pdf));
        Assert.DoesNotContain("此页无正文", PageText(pdf, 1));
    }

    [Fact]
    public void A_draft_carries_its_watermark_on_every_page_and_a_final_document_none()
    {
        // Diagonal text comes out of pdftotext one character at a time, so look for each.
        var draft = Composer.Compose(Model(9, "草稿"));
        for (var page = 1; page <= Pages(draft); page++) Assert.True(PageText(draft, page) is var t && t.Contains('草') && t.Contains('稿'), $"page {page}");
        var final = Composer.Compose(Model(9));
        for (var page = 1; page <= Pages(final); page++) Assert.DoesNotContain("稿", PageText(final, page));
    }
}
