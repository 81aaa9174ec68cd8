using System.Collections;
using System.Collections.Concurrent;
using PdfSharp.Drawing;
using QRCoder;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>Draws a QR code as vector squares (sharp at any zoom, and the same bytes every time) with its caption
/// wrapped to its right.</summary>
internal static class QrWriter
{
    private const double Size = 32 * PageGeometry.PointsPerMm;

    private const int MostRemembered = 256;
    private static readonly ConcurrentDictionary<string, IReadOnlyList<BitArray>> Matrices = new(StringComparer.Ordinal);

    /// <summary>The modules of a payload's code, remembered for the next rendering of the same document (choosing the
    /// mask scores eight candidate codes).</summary>
    private static IReadOnlyList<BitArray> Matrix(string payload)
    {
        if (Matrices.TryGetValue(payload, out var matrix)) return matrix;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        matrix = data.ModuleMatrix.Select(row => new BitArray(row)).ToList();
        if (Matrices.Count >= MostRemembered) Matrices.Clear();
        Matrices.TryAdd(payload, matrix);
        return matrix;
    }

    public static void Draw(PageWriter pages, QrCode qr, XFont font)
    {
        var matrix = Matrix(qr.Payload);
        var module = Size / matrix.Count;
        if (!pages.Fits(Size + PageGeometry.LineHeight / 2)) pages.NewPage();
        var top = pages.Y + PageGeometry.LineHeight / 4;
        var left = PageGeometry.Left;
        // One rectangle per run of dark modules in a row: the same picture in a third of the drawing operators.
        for (var y = 0; y < matrix.Count; y++)
            for (var x = 0; x < matrix.Count; x++)
            {
                if (!matrix[y][x]) continue;
                var run = 1;
                while (x + run < matrix.Count && matrix[y][x + run]) run++;
                pages.Graphics.DrawRectangle(XBrushes.Black, left + x * module, top + y * module, run * module, module);
                x += run - 1;
            }

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
