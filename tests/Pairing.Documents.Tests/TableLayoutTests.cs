using System.Text.RegularExpressions;
using Pairing.Documents.Rendering;
using Pairing.Testing;

namespace Pairing.Documents.Tests;

public sealed class TableLayoutTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pairing-table-{Guid.NewGuid():N}.pdf");
    private static readonly PdfComposer Composer = new(Path.Combine(RepoPaths.Root, "templates", "fonts"));

    public void Dispose() => File.Delete(_file);

    private static DocumentModel With(params Block[] blocks) =>
        new("年度目标", blocks, new DocumentInfo("Pairing", "表格", "表格", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc)));

    private string Page(int page) => Poppler.Run("pdftotext", "-enc", "UTF-8", "-f", $"{page}", "-l", $"{page}", _file, "-");

    private int Pages() => int.Parse(Regex.Match(Poppler.Run("pdfinfo", _file), @"Pages:\s+(\d+)").Groups[1].Value);

    [Fact]
    public void A_long_table_repeats_its_header_on_every_page_and_loses_no_row()
    {
        var rows = Enumerable.Range(1, 60).Select(n => (IReadOnlyList<string>)[$"第{n}项", $"指标{n:D3}完成情况", $"{2024 + n % 3}年"]).ToList();
        File.WriteAllBytes(_file, Composer.Compose(With(new Table(["序号", "目标内容", "完成时限"], rows, [1, 3, 1]))));

        var pages = Pages();
        Assert.True(pages >= 3, $"{pages} pages");
        for (var p = 1; p <= pages; p++) Assert.Contains("目标内容", Page(p));
        var all = Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-");
        for (var n = 1; n <= 60; n++) Assert.Contains($"指标{n:D3}完成情况", all);
        Assert.Equal(pages, Regex.Matches(all, "完成时限").Count);
    }

    [Fact]
    public void A_row_taller_than_a_page_continues_on_the_next_page()
    {
        var tall = string.Concat(Enumerable.Range(1, 160).Select(n => $"措施{n:D3}落实到人。"));
        File.WriteAllBytes(_file, Composer.Compose(With(
            new Paragraph("下表列出全部措施。"),
            new Table(["领域", "措施"], [["课程建设", tall], ["教师发展", "结尾行"]], [1, 4]))));

        Assert.True(Pages() >= 2);
        var first = Page(1);
        var second = Page(2);
        Assert.Contains("措施001落实到人", first);
        Assert.Contains("措施160落实到人", Regex.Replace(Poppler.Run("pdftotext", "-enc", "UTF-8", _file, "-"), @"\s", ""));
        // The row was split, not moved whole: its text is on both pages, under the repeated header.
        Assert.Contains("领域", second);
        Assert.Matches("措施\\d{3}落实到人", second);
        Assert.DoesNotContain("措施160", first);
    }
}
