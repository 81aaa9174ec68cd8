using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PdfSharp.Drawing;

namespace Pairing.Documents.Rendering;

/// <summary>Widths of short texts (the characters and words the line breaker measures, again when drawing), remembered
/// per font: measuring a piece looks up every glyph in the face's tables, and a document measures thousands.</summary>
internal static class TextWidths
{
    private const int LongestRemembered = 16;
    private const int MostRemembered = 50_000;
    private static readonly ConditionalWeakTable<XFont, ConcurrentDictionary<string, double>> Cache = new();

    /// <summary>The width in points, exactly as PDFsharp measures it (it depends on the font alone, not on the page).</summary>
    public static double Of(XGraphics g, string text, XFont font)
    {
        if (text.Length > LongestRemembered) return g.MeasureString(text, font).Width;
        var widths = Cache.GetValue(font, _ => new ConcurrentDictionary<string, double>(StringComparer.Ordinal));
        if (widths.TryGetValue(text, out var width)) return width;
        width = g.MeasureString(text, font).Width;
        if (widths.Count < MostRemembered) widths.TryAdd(text, width);
        return width;
    }
}
