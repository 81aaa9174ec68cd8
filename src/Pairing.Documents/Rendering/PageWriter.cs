using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>Keeps the current page and vertical position; starts a new page when a line would leave the text block
/// and numbers every page "— n —" on its outer side (right on odd pages, left on even ones).</summary>
internal sealed class PageWriter(PdfDocument document, XFont pageNumberFont) : IDisposable
{
    private double _y;
    private int _pages;

    public XGraphics Graphics { get; private set; } = null!;

    public void NewPage()
    {
        Graphics?.Dispose();
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageGeometry.PageWidth);
        page.Height = XUnit.FromPoint(PageGeometry.PageHeight);
        Graphics = XGraphics.FromPdfPage(page);
        _pages++;
        _y = PageGeometry.Top;
        var number = $"— {_pages} —";
        var width = Graphics.MeasureString(number, pageNumberFont).Width;
        var x = _pages % 2 == 1 ? PageGeometry.Left + PageGeometry.BlockWidth - width : PageGeometry.Left;
        Graphics.DrawString(number, pageNumberFont, XBrushes.Black, x, PageGeometry.Bottom + PageGeometry.PageNumberGap + pageNumberFont.Size);
    }

    /// <summary>Baseline of a line of this font in the current line box.</summary>
    public double Baseline(XFont font) => _y + (PageGeometry.LineHeight + font.Size) / 2 - font.Size * 0.12;

    public void Line(Action<XGraphics> draw, double height)
    {
        if (_y + height > PageGeometry.Bottom + 0.01) NewPage();
        draw(Graphics);
        _y += height;
    }

    public void Skip(double height) => _y += height;

    public double Y => _y;

    public bool AtTopOfPage => _y <= PageGeometry.Top + 0.01;

    public double Remaining => PageGeometry.Bottom - _y;

    public bool Fits(double height) => _y + height <= PageGeometry.Bottom + 0.01;

    /// <summary>How many lines of this height a fresh page holds below the given extra space.</summary>
    public int Capacity(double lineHeight, double extra) => (int)Math.Floor((PageGeometry.BlockHeight - extra) / lineHeight);

    public void Dispose() => Graphics?.Dispose();
}
