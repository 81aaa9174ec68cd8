using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Pairing.Web.Charts;

/// <summary>Horizontal bar charts drawn on the server as inline SVG: readable without JavaScript, printable, and
/// labelled with real text (each bar carries its value and the chart its title for screen readers). A bar with an
/// address links to what it counts. The target line runs only over the bars, and each value is written to the right
/// of both its bar and the target line, so the line never crosses a label; it is labelled 目标 N beneath.</summary>
public static class SvgBars
{
    private const int LabelWidth = 230, BarWidth = 400, Row = 28, ValueWidth = 290, Top = 4, Bottom = 22;

    // Chinese labels stay readable characters rather than numeric entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public sealed record Bar(string Label, int Value, string? Note = null, bool? Met = null, string? Href = null);

    public static IHtmlContent Render(string title, IReadOnlyList<Bar> bars, int? target = null)
    {
        var max = Math.Max(1, Math.Max(target ?? 0, bars.Count == 0 ? 0 : bars.Max(b => b.Value)));
        var rows = Math.Max(1, bars.Count);
        var height = Top + rows * Row + (target is null ? 4 : Bottom);
        var width = LabelWidth + BarWidth + ValueWidth;
        var goalX = target is int t0 ? LabelWidth + (int)Math.Round((double)t0 / max * BarWidth) : (int?)null;
        var e = Encoder;
        var svg = new StringBuilder();
        // A chart whose bars link to the agreements behind them is a group of links, not a picture: an image role
        // would hide the links from keyboards and screen readers.
        var role = bars.Any(b => b.Href is not null) ? "group" : "img";
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"{role}\" aria-label=\"{e.Encode(title)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{e.Encode(title)}</title>");
        if (goalX is int gx)
        {
            // Drawn first, so the bars sit on top of it; it spans the bar rows only, not the label below.
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"{gx}\" y1=\"{Top}\" x2=\"{gx}\" y2=\"{Top + rows * Row}\" stroke=\"#1f2933\" stroke-dasharray=\"4 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"target\" x=\"{gx}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"12\">目标 {target}</text>");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = Top + i * Row;
            var length = (int)Math.Round((double)bar.Value / max * BarWidth);
            var colour = bar.Met switch { true => "#1b7f3b", false => "#b3261e", null => "#3e6a9e" };
            var value = target is int t ? $"{bar.Value}/{t}" : bar.Value.ToString(CultureInfo.InvariantCulture);
            if (bar.Note is { Length: > 0 } note) value += $" {note}";
            var valueX = Math.Max(LabelWidth + Math.Max(length, 1), goalX ?? 0) + 6;
            if (bar.Href is { } href) svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{e.Encode(href)}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\">{e.Encode(bar.Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{Math.Max(length, 1)}\" height=\"{Row - 10}\" fill=\"{colour}\"><title>{e.Encode(bar.Label)}：{e.Encode(value)}{(bar.Href is null ? "" : "（点击查看协议）")}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{valueX}\" y=\"{y + 17}\" font-size=\"13\">{e.Encode(value)}</text>");
            if (bar.Href is not null) svg.Append("</a>");
        }
        svg.Append("</svg>");
        // On a phone the chart keeps a readable size and scrolls inside its box, which the keyboard can reach.
        return new HtmlString($"<div class=\"chart-box\" tabindex=\"0\" role=\"region\" aria-label=\"{e.Encode(title)}\">{svg}</div>");
    }
}
