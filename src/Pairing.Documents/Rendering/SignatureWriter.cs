using PdfSharp.Drawing;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Rendering;

/// <summary>Draws the signature block: parties two to a row, each with its role and institution beside a dashed seal
/// area, the signatory and a date line. A row never splits across pages.</summary>
internal sealed class SignatureWriter(PageWriter pages, XFont font, XFont sealFont)
{
    private static readonly XBrush SealBrush = new XSolidBrush(XColor.FromArgb(150, 150, 150));
    private const double Gap = 8 * PageGeometry.PointsPerMm;
    private const double SealRadius = 13 * PageGeometry.PointsPerMm;
    private static readonly XPen SealPen = new(XColor.FromArgb(150, 150, 150), 0.6) { DashStyle = XDashStyle.Dash };

    public void Draw(SignatureBlock block)
    {
        var width = (PageGeometry.BlockWidth - Gap) / 2;
        pages.Skip(PageGeometry.LineHeight / 2);
        for (var i = 0; i < block.Parties.Count; i += 2)
        {
            var row = block.Parties.Skip(i).Take(2).Select(p => Lines(p, width)).ToList();
            var height = row.Max(l => l.Count) * PageGeometry.LineHeight + PageGeometry.LineHeight / 2;
            if (!pages.Fits(height)) pages.NewPage();
            var top = pages.Y;
            for (var c = 0; c < row.Count; c++)
            {
                var x = PageGeometry.Left + c * (width + Gap);
                var sealLeft = x + width - 2 * SealRadius;
                pages.Graphics.DrawEllipse(SealPen, sealLeft, top + PageGeometry.LineHeight * 0.2, 2 * SealRadius, 2 * SealRadius);
                var label = pages.Graphics.MeasureString("盖章处", sealFont).Width;
                pages.Graphics.DrawString("盖章处", sealFont, SealBrush, sealLeft + SealRadius - label / 2, top + PageGeometry.LineHeight * 0.2 + SealRadius + sealFont.Size / 3);
                for (var l = 0; l < row[c].Count; l++)
                    pages.Graphics.DrawString(row[c][l], font, XBrushes.Black, x,
                        top + l * PageGeometry.LineHeight + (PageGeometry.LineHeight + font.Size) / 2 - font.Size * 0.12);
            }
            pages.Skip(height);
        }
    }

    private List<string> Lines(SignatureParty party, double width)
    {
        var lines = new List<string> { $"{party.Role}：" };
        lines.AddRange(LineBreaker.Break(party.Institution, width - 2 * SealRadius, s => PdfComposer.Measure(pages.Graphics, s, font)).Select(l => l.Text));
        lines.Add($"签署人：{party.Signatory ?? "＿＿＿＿＿＿"}");
        lines.Add("日期：　　　年　　月　　日");
        return lines;
    }
}
