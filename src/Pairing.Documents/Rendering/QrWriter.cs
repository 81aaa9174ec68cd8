using PdfSharp.Drawing;
using QRCoder;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>Draws a QR code as vector squares (sharp at any zoom, and the same bytes every time) with its caption
/// wrapped to its right.</summary>
internal static class QrWriter
{
    private const double Size = 32 * PageGeometry.PointsPerMm;

    public static void Draw(PageWriter pages, QrCode qr, XFont font)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(qr.Payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = Size / matrix.Count;
        if (!pages.Fits(Size + PageGeometry.LineHeight / 2)) pages.NewPage();
        var top = pages.Y + PageGeometry.LineHeight / 4;
        var left = PageGeometry.Left;
        for (var y = 0; y < matrix.Count; y++)
            for (var x = 0; x < matrix.Count; x++)
                if (matrix[y][x])
                    pages.Graphics.DrawRectangle(XBrushes.Black, left + x * module, top + y * module, module, module);

        var textLeft = left + Size + 6 * PageGeometry.PointsPerMm;
        var lineHeight = font.Size * 1.6;
        var lines = LineBreaker.Break(qr.Caption, PageGeometry.Left + PageGeometry.BlockWidth - textLeft,
            s => PdfComposer.Measure(pages.Graphics, s, font));
        for (var i = 0; i < lines.Count; i++)
            pages.Graphics.DrawString(lines[i].Text, font, XBrushes.Black, textLeft, top + 4 * module + i * lineHeight + font.Size);
        pages.MarkContent();
        pages.Skip(Math.Max(Size, lines.Count * lineHeight) + PageGeometry.LineHeight / 2);
    }
}
