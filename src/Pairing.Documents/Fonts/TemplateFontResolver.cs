using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Pairing.Documents.Fonts;

/// <summary>Serves the shipped TrueType faces to PDFsharp. Only our own files are used, never system fonts, so every
/// machine renders the same bytes.</summary>
public sealed class TemplateFontResolver(string folder) : IFontResolver
{
    private readonly ConcurrentDictionary<string, byte[]> _cache = new();

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        FontFaces.Serif => new FontResolverInfo(bold ? "serif-bold" : "serif"),
        FontFaces.Sans => new FontResolverInfo("sans", mustSimulateBold: bold, mustSimulateItalic: false),
        FontFaces.Kai => new FontResolverInfo("kai", mustSimulateBold: bold, mustSimulateItalic: false),
        _ => null,
    };

    public byte[]? GetFont(string faceName) =>
        FontFaces.Files.TryGetValue(faceName, out var file)
            ? _cache.GetOrAdd(faceName, _ => File.ReadAllBytes(Path.Combine(folder, file)))
            : null;

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>PDFsharp's font settings are process-wide: install once, with the AGPL licence acknowledgement.</summary>
    public static void Install(string folder)
    {
        lock (Gate)
        {
            if (_installed) return;
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver = new TemplateFontResolver(folder);
            _installed = true;
        }
    }
}
