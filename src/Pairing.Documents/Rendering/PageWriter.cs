using Pairing.Documents.Layout;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Pairing.Documents.Rendering;

/// <summary>Keeps the current page and vertical position; starts a new page when a line would leave the text block,
/// numbers every page "— n —" on its outer side (right on odd pages, left on even ones), and draws a watermark (草稿)
/// behind the text of every page when the document has one.</summary>
internal sealed class PageWriter(PdfDocument document, XFont pageNumberFont, (string Text, XFont Font)? watermark = null) : IDisposable
{
    private static readonly XBrush WatermarkBrush = new XSolidBrush(XColor.FromArgb(60, 200, 40, 40));
    private double _y;
    private int _pages;

    public XGraphics Graphics { get; private set; } = null!;

    /// <summary>The current page, counted from 0.</summary>
    public int PageIndex => _pages - 1;

    /// <summary>Whether anything but the page number and watermark has been drawn on the current page.</summary>
    public bool PageHasContent { get; private set; }

    public void NewPage()
    {
        Graphics?.Dispose();
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageGeometry.PageWidth);
        page.Height = XUnit.FromPoint(PageGeometry.PageHeight);
        Graphics = XGraphics.FromPdfPage(page);
        _pages++;
        _y = PageGeometry.Top;
        PageHasContent = false;
        if (watermark is { } mark) DrawWatermark(mark.Text, mark.Font);
        var number = $"— {_pages} —";
        var width = Graphics.MeasureString(number, pageNumberFont).Width;
        var x = _pages % 2 == 1 ? PageGeometry.Left + PageGeometry.BlockWidth - width : PageGeometry.Left;
        Graphics.DrawString(number, pageNumberFont, XBrushes.Black, x, PageGeometry.Bottom + PageGeometry.PageNumberGap + pageNumberFont.Size);
    }

    /// <summary>Diagonal across the middle of the page, translucent, drawn first so the text stays readable.</summary>
    private void DrawWatermark(string text, XFont font)
    {
        var state = Graphics.Save();
        Graphics.TranslateTransform(PageGeometry.PageWidth / 2, PageGeometry.PageHeight / 2);
        Graphics.RotateTransform(45);
        var width = Graphics.MeasureString(text, font).Width;
        Graphics.DrawString(text, font, WatermarkBrush, -width / 2, font.Size / 3);
        Graphics.Restore(state);
    }

    /// <summary>Baseline of a line of this font in the current line box.</summary>
    public double Baseline(XFont font) => _y + (PageGeometry.LineHeight + font.Size) / 2 - font.Size * 0.12;

    public void Line(Action<XGraphics> draw, double height)
    {
        if (_y + height > PageGeometry.Bottom + 0.01) NewPage();
        draw(Graphics);
        PageHasContent = true;
        _y += height;
    }

    public void Skip(double height) => _y += height;

    /// <summary>Marks the page as holding content drawn directly on the graphics (tables, signatures, QR codes).</summary>
    public void MarkContent() => PageHasContent = true;

    public double Y => _y;

    public bool AtTopOfPage => _y <= PageGeometry.Top + 0.01;

    public double Remaining => PageGeometry.Bottom - _y;

    public bool Fits(double height) => _y + height <= PageGeometry.Bottom + 0.01;

    /// <summary>How many lines of this height a fresh page holds below the given extra space.</summary>
    public static int Capacity(double lineHeight, double extra) => (int)Math.Floor((PageGeometry.BlockHeight - extra) / lineHeight);

    public void Dispose() => Graphics?.Dispose();
}
