using PdfSharp.Drawing;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>Draws the signature block: parties two to a row, each with its role, institution and signatory above a
/// dashed signature field that the party's digital signature later fills with its visible stamp (name, institution,
/// time). A row never splits across pages. A page that the block starts at its top holds no body text, so it is marked
/// （此页无正文） as official documents are.</summary>
internal sealed class SignatureWriter(PageWriter pages, XFont font, XFont small, List<SignatureFieldPlace> fields)
{
    public const string NoBodyText = "（此页无正文）";
    private static readonly XBrush PlaceholderBrush = new XSolidBrush(XColor.FromArgb(150, 150, 150));
    private static readonly XPen FieldPen = new(XColor.FromArgb(150, 150, 150), 0.6) { DashStyle = XDashStyle.Dash };
    private const double Gap = 8 * PageGeometry.PointsPerMm;
    public const double FieldHeight = 24 * PageGeometry.PointsPerMm;

    public void Draw(SignatureBlock block)
    {
        var width = (PageGeometry.BlockWidth - Gap) / 2;
        if (pages.PageHasContent) pages.Skip(PageGeometry.LineHeight / 2);
        for (var i = 0; i < block.Parties.Count; i += 2)
        {
            var parties = block.Parties.Skip(i).Take(2).ToList();
            var row = parties.Select(p => Lines(p, width)).ToList();
            var textHeight = row.Max(l => l.Count) * PageGeometry.LineHeight;
            var height = textHeight + FieldHeight + PageGeometry.LineHeight / 2;
            if (!pages.Fits(height + (pages.PageHasContent ? 0 : PageGeometry.LineHeight))) pages.NewPage();
            if (!pages.PageHasContent)
            {
                pages.Line(g => g.DrawString(NoBodyText, font, XBrushes.Black, PageGeometry.Left, pages.Baseline(font)), PageGeometry.LineHeight);
                pages.Skip(PageGeometry.LineHeight / 2);
            }
            var top = pages.Y;
            for (var c = 0; c < row.Count; c++)
            {
                var x = PageGeometry.Left + c * (width + Gap);
                for (var l = 0; l < row[c].Count; l++)
                    pages.Graphics.DrawString(row[c][l], font, XBrushes.Black, x,
                        top + l * PageGeometry.LineHeight + (PageGeometry.LineHeight + font.Size) / 2 - font.Size * 0.12);
                var fieldTop = top + textHeight;
                pages.Graphics.DrawRectangle(FieldPen, x, fieldTop, width, FieldHeight);
                const string label = "签章处（数字签名）";
                var labelWidth = pages.Graphics.MeasureString(label, small).Width;
                pages.Graphics.DrawString(label, small, PlaceholderBrush, x + (width - labelWidth) / 2, fieldTop + FieldHeight / 2 + small.Size / 3);
                // The field reaches a point past the dashed border, so the stamp covers all of it.
                if (parties[c].Key is { } key)
                    fields.Add(new SignatureFieldPlace(key, pages.PageIndex, x - 1, PageGeometry.PageHeight - fieldTop - FieldHeight - 1, width + 2, FieldHeight + 2));
            }
            pages.MarkContent();
            pages.Skip(height);
        }
    }

    private List<string> Lines(SignatureParty party, double width)
    {
        var lines = new List<string> { $"{party.Role}：" };
        lines.AddRange(LineBreaker.Break(party.Institution, width, s => PdfComposer.Measure(pages.Graphics, s, font)).Select(l => l.Text));
        lines.Add($"签署人：{party.Signatory ?? "＿＿＿＿＿＿"}");
        return lines;
    }
}
