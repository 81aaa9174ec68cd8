using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Pairing.Documents.Fonts;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>Draws a document in the house style: centred bold serif title, level-1 headings in sans, justified body
/// paragraphs with a two-character first-line indent, and "— n —" page numbers on the outer side.</summary>
public sealed class PdfComposer
{
    private readonly XFont _title;
    private readonly XFont _body;
    private readonly XFont _heading;
    private readonly XFont _pageNumber;

    public PdfComposer(string fontFolder)
    {
        TemplateFontResolver.Install(fontFolder);
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _title = new XFont(FontFaces.Serif, PageGeometry.TitleSize, XFontStyleEx.Bold, unicode);
        _body = new XFont(FontFaces.Serif, PageGeometry.BodySize, XFontStyleEx.Regular, unicode);
        _heading = new XFont(FontFaces.Sans, PageGeometry.BodySize, XFontStyleEx.Regular, unicode);
        _pageNumber = new XFont(FontFaces.Serif, PageGeometry.PageNumberSize, XFontStyleEx.Regular, unicode);
    }

    public byte[] Compose(DocumentModel model)
    {
        using var document = new PdfDocument();
        document.Info.Title = model.Title;
        document.Info.Author = model.Info.Author;
        document.Info.Subject = model.Info.Subject;
        document.Info.Keywords = model.Info.Keywords;
        document.Info.CreationDate = model.Info.CreatedAt;
        document.Info.ModificationDate = model.Info.CreatedAt;
        document.Language = "zh-CN";

        var writer = new PageWriter(document, _pageNumber);
        using (writer)
        {
            writer.NewPage();
            foreach (var line in LineBreaker.Break(model.Title, PageGeometry.BlockWidth, s => Measure(writer.Graphics, s, _title)))
                writer.Line(g => g.DrawString(line.Text, _title, XBrushes.Black,
                    PageGeometry.Left + (PageGeometry.BlockWidth - line.Width) / 2, writer.Baseline(_title)), PageGeometry.LineHeight * 1.5);
            writer.Skip(PageGeometry.LineHeight);
            foreach (var block in model.Blocks)
            {
                var (font, indent) = block is Heading1 ? (_heading, 2 * PageGeometry.BodySize) : (_body, 2 * PageGeometry.BodySize);
                var lines = LineBreaker.Break(block.Text, PageGeometry.BlockWidth, s => Measure(writer.Graphics, s, font), indent);
                for (var i = 0; i < lines.Count; i++)
                {
                    var line = lines[i];
                    var x = PageGeometry.Left + (i == 0 ? indent : 0);
                    var available = PageGeometry.BlockWidth - (i == 0 ? indent : 0);
                    writer.Line(g => DrawJustified(g, line, font, x, writer.Baseline(font), line.EndsParagraph || block is Heading1 ? 0 : available - line.Width),
                        PageGeometry.LineHeight);
                }
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return Reproducible.Stabilise(stream.ToArray());
    }

    private static double Measure(XGraphics g, string text, XFont font) => g.MeasureString(text, font).Width;

    /// <summary>Spreads the line's slack evenly between its pieces, so both edges of the text block are straight.</summary>
    private static void DrawJustified(XGraphics g, LayoutLine line, XFont font, double x, double baseline, double slack)
    {
        var gaps = Math.Max(line.Pieces.Count - 1, 1);
        var extra = line.Pieces.Count > 1 ? slack / gaps : 0;
        foreach (var piece in line.Pieces)
        {
            g.DrawString(piece, font, XBrushes.Black, x, baseline);
            x += g.MeasureString(piece, font).Width + extra;
        }
    }
}
