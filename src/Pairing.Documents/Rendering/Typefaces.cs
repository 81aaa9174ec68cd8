using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Pairing.Documents.Fonts;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>The fonts of the house style, and the check that every character of a document has a glyph in the face
/// that will draw it. A level-2 heading falls back from Kai to the serif face when Kai lacks one of its characters.</summary>
internal sealed class Typefaces
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly Dictionary<string, FontCoverage> _coverage;

    public XFont Title { get; } = new(FontFaces.Serif, PageGeometry.TitleSize, XFontStyleEx.Bold, Unicode);
    public XFont Body { get; } = new(FontFaces.Serif, PageGeometry.BodySize, XFontStyleEx.Regular, Unicode);
    public XFont Heading1 { get; } = new(FontFaces.Sans, PageGeometry.BodySize, XFontStyleEx.Regular, Unicode);
    public XFont Heading2 { get; } = new(FontFaces.Kai, PageGeometry.BodySize, XFontStyleEx.Regular, Unicode);
    public XFont PageNumber { get; } = new(FontFaces.Serif, PageGeometry.PageNumberSize, XFontStyleEx.Regular, Unicode);
    public XFont Cell { get; } = new(FontFaces.Serif, PageGeometry.TableSize, XFontStyleEx.Regular, Unicode);
    public XFont CellHeader { get; } = new(FontFaces.Sans, PageGeometry.TableSize, XFontStyleEx.Regular, Unicode);
    public XFont Watermark { get; } = new(FontFaces.Sans, 96, XFontStyleEx.Regular, Unicode);

    public Typefaces(string folder)
    {
        _coverage = new[] { FontFaces.Serif, FontFaces.Sans, FontFaces.Kai }
            .ToDictionary(f => f, f => Coverage(Path.Combine(folder, FontFaces.FileOf(f))));
    }

    private static readonly Dictionary<string, FontCoverage> Cache = [];

    private static FontCoverage Coverage(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var coverage)) Cache[file] = coverage = new FontCoverage(File.ReadAllBytes(file));
            return coverage;
        }
    }

    /// <summary>Checks every text against its face before anything is drawn.</summary>
    public FacePlan Plan(DocumentModel model)
    {
        var missing = new List<MissingGlyph>();
        var serifHeadings = new HashSet<Heading2>();
        void Check(string text, string family)
        {
            foreach (var rune in _coverage[family].Missing(text))
                missing.Add(new MissingGlyph(rune, family, Context(text, rune)));
        }
        Check(model.Title, FontFaces.Serif);
        if (model.Info.Watermark is { } watermark) Check(watermark, FontFaces.Sans);
        foreach (var block in model.Blocks)
        {
            switch (block)
            {
                case Heading1 h: Check(h.Text, FontFaces.Sans); break;
                case Heading2 h when _coverage[FontFaces.Kai].Missing(h.Text).Any():
                    serifHeadings.Add(h);
                    Check(h.Text, FontFaces.Serif);
                    break;
                case Paragraph p: Check(p.Text, FontFaces.Serif); break;
                case Clause c: Check(c.Label + c.Text, FontFaces.Serif); break;
                case Table t:
                    foreach (var header in t.Headers) Check(header, FontFaces.Sans);
                    foreach (var cell in t.Rows.SelectMany(r => r)) Check(cell, FontFaces.Serif);
                    break;
                case SignatureBlock s:
                    foreach (var party in s.Parties) Check(party.Role + party.Institution + party.Signatory + "签署人：＿", FontFaces.Serif);
                    Check(SignatureWriter.NoBodyText + "签章处（数字签名）", FontFaces.Serif);
                    break;
                case QrCode q: Check(q.Caption, FontFaces.Serif); break;
            }
        }
        if (missing.Count > 0) throw new MissingGlyphsException(missing);
        return new FacePlan(serifHeadings);
    }

    private static string Context(string text, Rune rune)
    {
        var at = text.IndexOf(rune.ToString(), StringComparison.Ordinal);
        var start = Math.Max(0, at - 8);
        return text.Substring(start, Math.Min(text.Length - start, 8 + rune.Utf16SequenceLength + 8));
    }
}

internal sealed record FacePlan(IReadOnlySet<Heading2> SerifHeadings)
{
    public XFont Heading2Font(Heading2 heading, Typefaces faces) => SerifHeadings.Contains(heading) ? faces.Body : faces.Heading2;
}
