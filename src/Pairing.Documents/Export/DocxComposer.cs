using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Pairing.Documents.Layout;
using Pairing.Documents.Rendering;
using Model = Pairing.Documents.Rendering;
using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace Pairing.Documents.Export;

/// <summary>Writes the same document model as an editable Word file in the house style (A4, GB/T 9704 margins,
/// 宋体/黑体/楷体 by role, "— n —" page numbers), for offices that edit in Word or WPS. Fonts are named, not embedded:
/// Word and WPS on Chinese systems have these faces.</summary>
public static class DocxComposer
{
    private const int HalfPoints = 2;

    public static byte[] Compose(DocumentModel model)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            doc.PackageProperties.Title = model.Title;
            doc.PackageProperties.Creator = model.Info.Author;
            doc.PackageProperties.Subject = model.Info.Subject;
            doc.PackageProperties.Keywords = model.Info.Keywords;
            doc.PackageProperties.Language = "zh-CN";
            doc.PackageProperties.Created = model.Info.CreatedAt;
            var main = doc.AddMainDocumentPart();
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = PageNumberFooter();
            var body = new Body();
            // Word has no portable watermark part; a draft says so in red above its title instead.
            if (model.Info.Watermark is { } mark)
                body.Append(Para($"【{mark}：未经审批，不作为正式协议】", "黑体", PageGeometry.BodySize, centred: true, indent: false, color: "C00000"));
            body.Append(Para(model.Title, "宋体", PageGeometry.TitleSize, bold: true, centred: true, indent: false));
            foreach (var block in model.Blocks)
            {
                switch (block)
                {
                    case Heading1 h: body.Append(Para(h.Text, "黑体", PageGeometry.BodySize)); break;
                    case Heading2 h: body.Append(Para(h.Text, "楷体", PageGeometry.BodySize)); break;
                    case Model.Paragraph p: body.Append(Para(p.Text, "仿宋", PageGeometry.BodySize, justify: true)); break;
                    case Clause c:
                        var clause = Para(c.Text, "仿宋", PageGeometry.BodySize, justify: true);
                        clause.InsertAfter(Run(c.Label + "　", "黑体", PageGeometry.BodySize, false), clause.ParagraphProperties);
                        body.Append(clause);
                        break;
                    case Model.Table t: body.Append(TableOf(t)); break;
                    case SignatureBlock s: body.Append(Signatures(s)); break;
                    case PageBreak: body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page }))); break;
                    case QrCode q: body.Append(Para($"{q.Caption}（{q.Payload}）", "仿宋", PageGeometry.TableSize)); break;
                }
            }
            body.Append(Section(main.GetIdOfPart(footer)));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Para(string text, string font, double size, bool bold = false, bool centred = false, bool indent = true, bool justify = false,
        string? color = null)
    {
        var props = new ParagraphProperties(
            new SpacingBetweenLines { Line = ((int)(PageGeometry.LineHeight * 20)).ToString(CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" });
        if (centred) props.Append(new Justification { Val = JustificationValues.Center });
        else if (justify) props.Append(new Justification { Val = JustificationValues.Both });
        if (indent && !centred) props.Append(new Indentation { FirstLineChars = 200 });
        return new Paragraph(props, Run(text, font, size, bold, color));
    }

    private static Run Run(string text, string font, double size, bool bold, string? color = null)
    {
        var props = new RunProperties(new RunFonts { EastAsia = font, Ascii = "Times New Roman", HighAnsi = "Times New Roman" });
        if (bold) props.Append(new Bold());
        if (color is not null) props.Append(new Color { Val = color });
        props.Append(new FontSize { Val = ((int)(size * HalfPoints)).ToString(CultureInfo.InvariantCulture) });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static DocumentFormat.OpenXml.Wordprocessing.Table TableOf(Model.Table t)
    {
        var total = t.Widths.Sum();
        var twips = (int)(PageGeometry.BlockWidth * 20);
        var table = new DocumentFormat.OpenXml.Wordprocessing.Table(new TableProperties(
            new TableWidth { Width = twips.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(new TableGrid(t.Widths.Select(w => new GridColumn { Width = ((int)(w / total * twips)).ToString(CultureInfo.InvariantCulture) })));
        // The header row repeats at the top of every page the table reaches, as in the PDF.
        table.Append(Row(t.Headers, "黑体", header: true));
        foreach (var row in t.Rows) table.Append(Row(row, "仿宋", header: false));
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, string font, bool header)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        foreach (var cell in cells) row.Append(new TableCell(Para(cell, font, PageGeometry.TableSize, indent: false)));
        return row;
    }

    private static DocumentFormat.OpenXml.Wordprocessing.Table Signatures(SignatureBlock s)
    {
        var table = new DocumentFormat.OpenXml.Wordprocessing.Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }));
        foreach (var pair in s.Parties.Chunk(2))
        {
            var row = new TableRow(new TableRowProperties(new CantSplit()));
            foreach (var party in pair)
            {
                var cell = new TableCell();
                foreach (var line in new[] { $"{party.Role}：{party.Institution}", "（盖章）", $"签署人：{party.Signatory ?? "＿＿＿＿＿＿"}", "日期：　　　　年　　月　　日" })
                    cell.Append(Para(line, "仿宋", PageGeometry.BodySize, indent: false));
                row.Append(cell);
            }
            if (pair.Length == 1) row.Append(new TableCell(new Paragraph()));
            table.Append(row);
        }
        return table;
    }

    private static Footer PageNumberFooter()
    {
        var props = new ParagraphProperties(new Justification { Val = JustificationValues.Center });
        var size = new FontSize { Val = ((int)(PageGeometry.PageNumberSize * HalfPoints)).ToString(CultureInfo.InvariantCulture) };
        Run Text(string t) => new(new RunProperties(new RunFonts { EastAsia = "宋体" }, (FontSize)size.Clone()), new Text(t) { Space = SpaceProcessingModeValues.Preserve });
        return new Footer(new Paragraph(props,
            Text("— "),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
            Text(" —")));
    }

    private static SectionProperties Section(string footerId)
    {
        static uint Twips(double points) => (uint)Math.Round(points * 20);
        var right = PageGeometry.PageWidth - PageGeometry.Left - PageGeometry.BlockWidth;
        var bottom = PageGeometry.PageHeight - PageGeometry.Bottom;
        return new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
            new PageSize { Width = Twips(PageGeometry.PageWidth), Height = Twips(PageGeometry.PageHeight) },
            new PageMargin
            {
                Top = (int)Twips(PageGeometry.Top), Bottom = (int)Twips(bottom),
                Left = Twips(PageGeometry.Left), Right = Twips(right),
                Footer = Twips(bottom - PageGeometry.PageNumberGap - PageGeometry.PageNumberSize), Header = Twips(PageGeometry.Top / 2),
            });
    }
}
