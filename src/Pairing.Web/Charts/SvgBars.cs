using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Pairing.Web.Charts;

/// <summary>Horizontal bar charts drawn on the server as inline SVG: readable without JavaScript, printable, and
/// labelled with real text (each bar carries its value and the chart its title for screen readers).</summary>
public static class SvgBars
{
    private const int LabelWidth = 230, BarWidth = 400, Row = 28, ValueWidth = 290;

    // Chinese labels stay readable characters rather than numeric entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public sealed record Bar(string Label, int Value, string? Note = null, bool? Met = null);

    public static IHtmlContent Render(string title, IReadOnlyList<Bar> bars, int? target = null)
    {
        var max = Math.Max(1, Math.Max(target ?? 0, bars.Count == 0 ? 0 : bars.Max(b => b.Value)));
        var height = Math.Max(1, bars.Count) * Row + 24;
        var width = LabelWidth + BarWidth + ValueWidth;
        var e = Encoder;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-label=\"{e.Encode(title)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{e.Encode(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * Row + 4;
            var length = (int)Math.Round((double)bar.Value / max * BarWidth);
            var colour = bar.Met switch { true => "#1b7f3b", false => "#b3261e", null => "#3e6a9e" };
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\">{e.Encode(bar.Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{Math.Max(length, 1)}\" height=\"{Row - 10}\" fill=\"{colour}\"><title>{e.Encode(bar.Label)}：{bar.Value}</title></rect>");
            var value = target is int t ? $"{bar.Value}/{t}" : bar.Value.ToString(CultureInfo.InvariantCulture);
            if (bar.Note is { Length: > 0 } note) value += $" {note}";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + length + 6}\" y=\"{y + 17}\" font-size=\"13\">{e.Encode(value)}</text>");
        }
        if (target is int goal)
        {
            var x = LabelWidth + (int)Math.Round((double)goal / max * BarWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height - 18}\" stroke=\"#1f2933\" stroke-dasharray=\"4 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height - 4}\" text-anchor=\"middle\" font-size=\"12\">目标 {goal}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
