using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Pairing.Documents.Fonts;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>Draws a document in the house style: centred bold serif title, level-1 headings in sans, level-2 headings
/// in Kai, justified body paragraphs and clauses with a two-character first-line indent, tables, signature blocks,
/// QR codes, and "— n —" page numbers on the outer side.</summary>
public sealed class PdfComposer
{
    private readonly Typefaces _faces;

    public PdfComposer(string fontFolder)
    {
        TemplateFontResolver.Install(fontFolder);
        _faces = new Typefaces(fontFolder);
    }

    /// <summary>Renders the document; throws <see cref="MissingGlyphsException"/> if any character has no glyph.</summary>
    public byte[] Compose(DocumentModel model) => ComposeWithFields(model).Pdf;

    /// <summary>Renders the document and says where each party's signature field was placed.</summary>
    public ComposedPdf ComposeWithFields(DocumentModel model)
    {
        var plan = _faces.Plan(model);
        var fields = new List<SignatureFieldPlace>();
        using var document = new PdfDocument();
        document.Info.Title = model.Title;
        document.Info.Author = model.Info.Author;
        document.Info.Subject = model.Info.Subject;
        document.Info.Keywords = model.Info.Keywords;
        document.Info.CreationDate = model.Info.CreatedAt;
        document.Info.ModificationDate = model.Info.CreatedAt;
        if (model.Info.Reference is { } reference) document.Info.Elements.SetString("/PairingReference", reference);
        document.Language = "zh-CN";
        // Font programs are left uncompressed here: CompactFonts replaces them with compact, compressed subsets.
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = true;

        var writer = new PageWriter(document, _faces.PageNumber, model.Info.Watermark is { } mark ? (mark, _faces.Watermark) : null);
        using (writer)
        {
            writer.NewPage();
            foreach (var line in LineBreaker.Break(model.Title, PageGeometry.BlockWidth, s => Measure(writer.Graphics, s, _faces.Title)))
                writer.Line(g => g.DrawString(line.Text, _faces.Title, XBrushes.Black,
                    PageGeometry.Left + (PageGeometry.BlockWidth - line.Width) / 2, writer.Baseline(_faces.Title)), PageGeometry.LineHeight * 1.5);
            writer.Skip(PageGeometry.LineHeight);
            var tables = new TableWriter(writer, _faces.Cell, _faces.CellHeader);
            var signatures = new SignatureWriter(writer, _faces.Body, _faces.Cell, fields);
            foreach (var block in model.Blocks)
            {
                switch (block)
                {
                    case Table table: tables.Draw(table); break;
                    case SignatureBlock s: signatures.Draw(s); break;
                    case QrCode qr: QrWriter.Draw(writer, qr, _faces.Cell); break;
                    case PageBreak: if (!writer.AtTopOfPage) writer.NewPage(); break;
                    case Heading1 h: Text(writer, h.Text, _faces.Heading1, justify: false); break;
                    case Heading2 h: Text(writer, h.Text, plan.Heading2Font(h, _faces), justify: false); break;
                    case Paragraph p: Text(writer, p.Text, _faces.Body, justify: true); break;
                    case Clause c: Text(writer, $"{c.Label}　{c.Text}", _faces.Body, justify: true); break;
                    default: throw new NotSupportedException(block.GetType().Name);
                }
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return new ComposedPdf(Reproducible.Stabilise(CompactFonts.Rewrite(stream.GetBuffer(), (int)stream.Length)), fields);
    }

    private static void Text(PageWriter writer, string text, XFont font, bool justify)
    {
        var indent = 2 * PageGeometry.BodySize;
        var lines = LineBreaker.Break(text, PageGeometry.BlockWidth, s => Measure(writer.Graphics, s, font), indent);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var x = PageGeometry.Left + (i == 0 ? indent : 0);
            var available = PageGeometry.BlockWidth - (i == 0 ? indent : 0);
            writer.Line(g => DrawJustified(g, line, font, x, writer.Baseline(font), line.EndsParagraph || !justify ? 0 : available - line.Width),
                PageGeometry.LineHeight);
        }
    }

    internal static double Measure(XGraphics g, string text, XFont font) => TextWidths.Of(g, text, font);

    /// <summary>Spreads the line's slack evenly between its pieces, so both edges of the text block are straight.</summary>
    private static void DrawJustified(XGraphics g, LayoutLine line, XFont font, double x, double baseline, double slack)
    {
        var gaps = Math.Max(line.Pieces.Count - 1, 1);
        var extra = line.Pieces.Count > 1 ? slack / gaps : 0;
        foreach (var piece in line.Pieces)
        {
            g.DrawString(piece, font, XBrushes.Black, x, baseline);
            x += Measure(g, piece, font) + extra;
        }
    }
}
