using System.Globalization;
using System.Text;
using Pairing.Documents.Fonts;
using Pairing.Documents.Layout;

namespace Pairing.Documents.Signing;

/// <summary>What a visible signature shows. SignedAt is shown in its own offset, so callers pass Beijing time.</summary>
public sealed record StampText(string Institution, string Signer, DateTimeOffset SignedAt)
{
    public string SignerLine => $"签署人：{Signer}";
    public string TimeLine => $"签署时间：{SignedAt.Year}年{SignedAt.Month}月{SignedAt.Day}日 {SignedAt:HH:mm}";
    public const string Caption = "数字签名";
}

/// <summary>The appearance of a visible signature: a white box with a seal-red border and, centred in seal red, the
/// institution (largest), the signer, the signing time and a small caption. Text is drawn with a subset of the face
/// holding just its glyphs, embedded with the signature (see <see cref="StampFont"/>). Each line first shrinks to fit
/// the width; a line that would have to shrink too far wraps instead, and the whole stack scales down to fit the
/// height.</summary>
public static class SignatureAppearance
{
    private const string SealRed = "0.78 0.07 0.07";
    private const double BorderWidth = 1.2;
    private const double Leading = 1.25;
    private const double LargestSize = 16;
    private const double SmallestReadableSize = 4;
    /// <summary>A line may shrink to this share of its intended size before wrapping is tried.</summary>
    private const double ShrinkFloor = 0.75;
    private const int MostLinesPerPart = 3;
    /// <summary>Ideographs fill an em box from about −0.12 to 0.88 em around the baseline; its middle is 0.38 em up.</summary>
    private const double EmBoxMiddle = 0.38;

    private sealed record Part(string Text, double Weight);
    private sealed record StampLine(string Text, double Size, int Width);

    /// <summary>The stamp for a box of width × height points: its uncompressed content stream and the subset of the
    /// font its text is drawn with.</summary>
    public static StampAppearance Build(StampText text, double width, double height, GlyphOutlines font)
    {
        var parts = new List<Part>
        {
            new(text.Institution, 1.0),
            new(text.SignerLine, 0.75),
            new(text.TimeLine, 0.75),
            new(StampText.Caption, 0.6),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Text)).ToList();
        foreach (var part in parts) font.Require(part.Text);

        var padding = BorderWidth + Math.Clamp(0.06 * Math.Min(width, height), 1.5, 6);
        var lines = Layout(parts, width - 2 * padding, height - 2 * padding, font);
        if (lines.Count == 0 || lines.Min(l => l.Size) < SmallestReadableSize)
            throw new ArgumentException($"签章区域 {width:0.#}×{height:0.#} 太小，文字无法辨认");

        // The glyphs the text uses, and the character each stands for.
        var characters = new Dictionary<int, string>();
        foreach (var rune in lines.SelectMany(l => l.Text.EnumerateRunes()).Where(r => font.Has(r.Value)))
            characters.TryAdd(font.GlyphIndex(rune.Value), rune.ToString());
        var stampFont = new StampFont(font.Name, TrueTypeSubset.Build(font.Program, characters.Keys), characters);

        var s = new StringBuilder();
        s.Append("q\n1 g\n0 0 ").Append(N(width)).Append(' ').Append(N(height)).Append(" re f\n");
        s.Append(SealRed).Append(" RG\n").Append(N(BorderWidth)).Append(" w\n");
        var inset = BorderWidth / 2;
        s.Append(N(inset)).Append(' ').Append(N(inset)).Append(' ').Append(N(width - BorderWidth)).Append(' ').Append(N(height - BorderWidth)).Append(" re S\n");
        // The stamp repeats what the signature records; marked as having no text of its own, it leaves the document's
        // extracted text as it was.
        s.Append(SealRed).Append(" rg\n/Span<</ActualText()>>BDC\nBT\n");
        var top = (height + lines.Sum(l => l.Size * Leading)) / 2;
        foreach (var line in lines)
        {
            var scale = line.Size / font.UnitsPerEm;
            var x = (width - line.Width * scale) / 2;
            var baseline = top - line.Size * Leading / 2 - line.Size * EmBoxMiddle;
            s.Append('/').Append(StampFont.Resource).Append(' ').Append(Scale(line.Size)).Append(" Tf 1 0 0 1 ").Append(N(x)).Append(' ').Append(N(baseline))
                .Append(" Tm\n[<");
            foreach (var rune in line.Text.EnumerateRunes())
            {
                if (font.Has(rune.Value)) s.Append(stampFont.Cid(font.GlyphIndex(rune.Value)).ToString("X4", CultureInfo.InvariantCulture));
                // Whitespace the font lacks still takes half an em, as GlyphOutlines measures it.
                else s.Append("> -500 <");
            }
            s.Append(">] TJ\n");
            top -= line.Size * Leading;
        }
        s.Append("ET\nEMC\nQ\n");
        return new StampAppearance(Encoding.ASCII.GetBytes(s.ToString()), stampFont);
    }

    /// <summary>Starts with every part on one line; while the part that had to shrink most is below the floor, gives it
    /// one more line if that makes it larger.</summary>
    private static List<StampLine> Layout(List<Part> parts, double width, double height, GlyphOutlines font)
    {
        if (width <= 0 || height <= 0) return [];
        var counts = parts.Select(_ => 1).ToArray();
        var fit = Fit(parts, counts, width, height, font);
        while (true)
        {
            var worst = Enumerable.Range(0, parts.Count).MinBy(fit.Shrink);
            if (fit.Shrink(worst) >= ShrinkFloor || counts[worst] == MostLinesPerPart) break;
            var more = counts.ToArray();
            more[worst]++;
            var tried = Fit(parts, more, width, height, font);
            // Wrapping makes every part smaller (the stack gets taller); keep it only if the wrapped part gains.
            if (tried.Lines[worst].Count < more[worst] || tried.Smallest(worst) <= fit.Smallest(worst)) break;
            (counts, fit) = (more, tried);
        }
        return fit.Lines.SelectMany(l => l).ToList();
    }

    /// <summary>Each part's lines with their sizes, and the size (em) that a part of weight 1 would have if no line
    /// had to shrink to fit the width.</summary>
    private sealed record Fitting(List<Part> Parts, List<List<StampLine>> Lines, double Em)
    {
        public double Smallest(int part) => Lines[part].Min(l => l.Size);
        public double Shrink(int part) => Smallest(part) / (Parts[part].Weight * Em);
    }

    private static Fitting Fit(List<Part> parts, int[] counts, double width, double height, GlyphOutlines font)
    {
        var texts = parts.Select((p, i) => Split(p.Text, counts[i], font)).ToList();
        var em = Math.Min(LargestSize, height / (Leading * parts.Select((p, i) => p.Weight * texts[i].Count).Sum()));
        var lines = texts.Select((lines, i) => lines.Select(t =>
        {
            var w = font.Width(t);
            return new StampLine(t, Math.Min(parts[i].Weight * em, w == 0 ? em : width * font.UnitsPerEm / w), w);
        }).ToList()).ToList();
        return new Fitting(parts, lines, em);
    }

    /// <summary>Breaks a text into at most n lines of about equal width, at the places the line breaker allows.</summary>
    private static IReadOnlyList<string> Split(string text, int n, GlyphOutlines font)
    {
        var total = font.Width(text);
        if (n == 1 || total == 0) return [text];
        Func<string, double> measure = s => font.Width(s);
        int low = (total + n - 1) / n, high = total;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (LineBreaker.Break(text, mid, measure).Count <= n) high = mid;
            else low = mid + 1;
        }
        return LineBreaker.Break(text, low, measure).Select(l => l.Text).ToList();
    }

    private static string Scale(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
