using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Pairing.Application.Words;
using Pairing.Workflows.Definitions;

namespace Pairing.Web.Charts;

/// <summary>A workflow definition drawn as a state diagram in SVG: states in layers by distance from the initial
/// state, an arrow per action (labelled with its title and who may take it), dashed arrows for timers, a double
/// border for final states.</summary>
public static class StateDiagram
{
    private const int BoxWidth = 150, BoxHeight = 42, ColumnGap = 50, RowGap = 90, Margin = 20;
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public sealed record Edge(string From, string To, string Label, bool Timer);

    public static IReadOnlyList<Edge> Edges(WorkflowDefinition d) =>
        d.States.SelectMany(s => s.Actions.Where(a => a.To is not null && a.To != s.Id)
                .Select(a => new Edge(s.Id, a.To!, $"{a.Title}（{WorkflowWords.Roles(a.Roles)}）", false))
            .Concat(s.Signoff is { } so ? [new Edge(s.Id, so.Then, $"各方{s.Actions.FirstOrDefault(a => a.Id == so.Action)?.Title ?? so.Action}完成", false)] : [])
            .Concat(s.Timers.Where(t => t.Action is not null).Select(t => (t, a: s.Actions.FirstOrDefault(a => a.Id == t.Action)))
                .Where(x => x.a?.To is not null && x.a.To != s.Id).Select(x => new Edge(s.Id, x.a!.To!, $"到期：{x.a.Title}", true))))
        .DistinctBy(e => (e.From, e.To, e.Label)).ToList();

    public static IHtmlContent Render(WorkflowDefinition d)
    {
        var edges = Edges(d);
        var layer = new Dictionary<string, int> { [d.InitialState] = 0 };
        var queue = new Queue<string>([d.InitialState]);
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            foreach (var e in edges.Where(e => e.From == s && !layer.ContainsKey(e.To)))
            {
                layer[e.To] = layer[s] + 1;
                queue.Enqueue(e.To);
            }
        }
        var last = layer.Count == 0 ? 0 : layer.Values.Max();
        foreach (var s in d.States.Where(s => !layer.ContainsKey(s.Id))) layer[s.Id] = last + 1;
        var rows = d.States.GroupBy(s => layer[s.Id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var position = new Dictionary<string, (double X, double Y)>();
        var widest = rows.Max(r => r.Count);
        var width = Margin * 2 + widest * BoxWidth + (widest - 1) * ColumnGap;
        for (var r = 0; r < rows.Count; r++)
        {
            var rowWidth = rows[r].Count * BoxWidth + (rows[r].Count - 1) * ColumnGap;
            var x0 = (width - rowWidth) / 2.0;
            for (var c = 0; c < rows[r].Count; c++)
                position[rows[r][c].Id] = (x0 + c * (BoxWidth + ColumnGap), Margin + r * (BoxHeight + RowGap));
        }
        var height = Margin * 2 + rows.Count * BoxHeight + (rows.Count - 1) * RowGap;
        var svg = new StringBuilder();
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"diagram\" role=\"img\" aria-label=\"{Encoder.Encode(d.Title)} 状态图\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#52606d\"/></marker></defs>");
        var pairs = new Dictionary<(string, string), int>();
        foreach (var e in edges)
        {
            var (fx, fy) = position[e.From];
            var (tx, ty) = position[e.To];
            var n = pairs[(e.From, e.To)] = pairs.GetValueOrDefault((e.From, e.To)) + 1;
            var down = ty > fy;
            var (x1, y1) = (fx + BoxWidth / 2.0, down ? fy + BoxHeight : fy);
            var (x2, y2) = (tx + BoxWidth / 2.0, down ? ty : ty + BoxHeight);
            if (ty == fy) (y1, y2) = (fy + BoxHeight, ty + BoxHeight);
            // Parallel and backward edges bend aside so that they and their labels stay apart.
            var bend = (down ? 1 : -1) * (n - 1) * 40 + (down ? 0 : 70) + (ty == fy ? 0 : 0);
            var (cx, cy) = ((x1 + x2) / 2 + bend, ty == fy ? y1 + 45 : (y1 + y2) / 2);
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x1)},{F(y1)} Q{F(cx)},{F(cy)} {F(x2)},{F(y2)}\" fill=\"none\" stroke=\"#52606d\" stroke-width=\"1.3\"{(e.Timer ? " stroke-dasharray=\"5 4\"" : "")} marker-end=\"url(#arrow)\"><title>{Encoder.Encode(e.Label)}</title></path>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F((x1 + 2 * cx + x2) / 4 + 4)}\" y=\"{F((y1 + 2 * cy + y2) / 4)}\" font-size=\"11\" fill=\"#3e4c59\">{Encoder.Encode(e.Label)}</text>");
        }
        foreach (var s in d.States)
        {
            var (x, y) = position[s.Id];
            var fill = s.Id == d.InitialState ? "#fdf1ee" : s.Final ? "#eef2f6" : "#ffffff";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"8\" fill=\"{fill}\" stroke=\"#8c1d18\" stroke-width=\"1.5\"/>");
            if (s.Final) svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x + 3)}\" y=\"{F(y + 3)}\" width=\"{BoxWidth - 6}\" height=\"{BoxHeight - 6}\" rx=\"6\" fill=\"none\" stroke=\"#8c1d18\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + BoxWidth / 2.0)}\" y=\"{F(y + 26)}\" text-anchor=\"middle\" font-size=\"14\">{Encoder.Encode(s.Title)}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
