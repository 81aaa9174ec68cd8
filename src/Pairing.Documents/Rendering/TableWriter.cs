using Pairing.Documents.Layout;
using PdfSharp.Drawing;

namespace Pairing.Documents.Rendering;

/// <summary>Draws a table row by row. Each cell wraps with the line breaker; a row that does not fit moves to the next
/// page below a repeated header; a row taller than a whole page is drawn in slices, continuing on the next page.</summary>
internal sealed class TableWriter(PageWriter pages, XFont font, XFont headerFont)
{
    private const double Padding = 4;
    private static readonly XPen Border = new(XColors.Black, 0.6);
    private double LineHeight => font.Size * 1.5;

    public void Draw(Table table)
    {
        if (table.Widths.Count != table.Headers.Count || table.Rows.Any(r => r.Count != table.Headers.Count))
            throw new ArgumentException("表格每行的列数必须与表头一致", nameof(table));
        var widths = table.Widths.Select(w => w / table.Widths.Sum() * PageGeometry.BlockWidth).ToArray();
        var header = Wrap(table.Headers, widths, headerFont);
        if (!pages.Fits(Height(header) + LineHeight + 2 * Padding)) pages.NewPage();
        DrawSlice(header, widths, headerFont, 0, header.Max(c => c.Count));
        foreach (var row in table.Rows)
        {
            var cells = Wrap(row, widths, font);
            var total = cells.Max(c => c.Count);
            var done = 0;
            while (done < total)
            {
                var fit = (int)Math.Floor((pages.Remaining - 2 * Padding) / LineHeight);
                var wholeRowFitsOnFreshPage = total - done <= PageWriter.Capacity(LineHeight, 2 * Padding);
                if (fit < total - done && (fit <= 0 || wholeRowFitsOnFreshPage && done == 0))
                {
                    // Keep a row together when a fresh page can hold it; otherwise fill this page first.
                    pages.NewPage();
                    DrawSlice(header, widths, headerFont, 0, header.Max(c => c.Count));
                    continue;
                }
                var take = Math.Min(fit, total - done);
                DrawSlice(cells, widths, font, done, take);
                done += take;
            }
        }
        pages.Skip(LineHeight / 2);
    }

    private List<IReadOnlyList<LayoutLine>> Wrap(IReadOnlyList<string> cells, double[] widths, XFont f) =>
        cells.Select((text, i) => LineBreaker.Break(text, widths[i] - 2 * Padding, s => PdfComposer.Measure(pages.Graphics, s, f))).ToList();

    private double Height(List<IReadOnlyList<LayoutLine>> cells) => cells.Max(c => c.Count) * LineHeight + 2 * Padding;

    private void DrawSlice(List<IReadOnlyList<LayoutLine>> cells, double[] widths, XFont f, int from, int count)
    {
        var height = count * LineHeight + 2 * Padding;
        var top = pages.Y;
        var x = PageGeometry.Left;
        for (var c = 0; c < cells.Count; c++)
        {
            pages.Graphics.DrawRectangle(Border, x, top, widths[c], height);
            for (var l = 0; l < count && from + l < cells[c].Count; l++)
                pages.Graphics.DrawString(cells[c][from + l].Text, f, XBrushes.Black, x + Padding,
                    top + Padding + l * LineHeight + (LineHeight + f.Size) / 2 - f.Size * 0.12);
            x += widths[c];
        }
        pages.MarkContent();
        pages.Skip(height);
    }
}
