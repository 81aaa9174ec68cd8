using System.Globalization;
using System.Text;

namespace Pairing.Documents.Layout;

/// <summary>One laid-out line: its pieces (so a justified line can spread its slack between them), their natural
/// width, and whether it ends the paragraph (the last line is not justified).</summary>
public sealed record LayoutLine(IReadOnlyList<string> Pieces, double Width, bool EndsParagraph)
{
    public string Text => string.Concat(Pieces);
}

/// <summary>Breaks a paragraph into lines for a given width. A line may break between any two ideographs and at
/// spaces between Latin words; Latin words and numbers stay whole unless one is longer than a line; closing
/// punctuation never starts a line and opening punctuation never ends one. Widths come from a measuring function, so
/// the same breaker serves any font and the tests can use a simple metric.</summary>
public static class LineBreaker
{
    public static IReadOnlyList<LayoutLine> Break(string paragraph, double width, Func<string, double> measure, double firstLineIndent = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var units = Units(paragraph);
        var lines = new List<LayoutLine>();
        var current = new List<string>();
        var used = 0.0;
        var available = width - firstLineIndent;

        void Flush(bool last)
        {
            // Spaces at the end of a line are not part of it.
            while (current.Count > 0 && string.IsNullOrWhiteSpace(current[^1])) current.RemoveAt(current.Count - 1);
            lines.Add(new LayoutLine(current.ToList(), current.Sum(measure), last));
            current.Clear();
            used = 0;
            available = width;
        }

        foreach (var unit in units)
        {
            if (current.Count == 0 && string.IsNullOrWhiteSpace(unit)) continue;
            var w = measure(unit);
            if (used + w <= available + 1e-9)
            {
                current.Add(unit);
                used += w;
                continue;
            }
            if (current.Count > 0) Flush(false);
            if (string.IsNullOrWhiteSpace(unit)) continue;
            if (w <= available + 1e-9)
            {
                current.Add(unit);
                used = w;
                continue;
            }
            // A word longer than a whole line is cut by characters (text elements), as a last resort.
            foreach (var piece in Split(unit, available, width, measure))
            {
                if (current.Count > 0) Flush(false);
                current.Add(piece);
                used = measure(piece);
            }
        }
        if (current.Count > 0 || lines.Count == 0) Flush(true);
        else lines[^1] = lines[^1] with { EndsParagraph = true };
        return lines;
    }

    /// <summary>Splits text into unbreakable units: an ideograph, a Latin word or number, or a run of spaces, with
    /// closing punctuation glued to what precedes it and opening punctuation glued to what follows.</summary>
    public static List<string> Units(string text)
    {
        var raw = new List<string>();
        var word = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var e = (string)elements.Current;
            var c = e[0];
            // ASCII letters, digits and punctuation build words ("3.5", "10%", "PDF,"); every non-ASCII ideograph or
            // punctuation mark stands alone.
            if (char.IsWhiteSpace(c) || (c > '\u007F' && (Kinsoku.IsIdeographic(c) || Kinsoku.CannotStartLine(c) || Kinsoku.CannotEndLine(c))))
            {
                if (word.Length > 0) { raw.Add(word.ToString()); word.Clear(); }
                raw.Add(e);
            }
            else word.Append(e);
        }
        if (word.Length > 0) raw.Add(word.ToString());

        var units = new List<string>();
        var pendingOpen = new StringBuilder();
        foreach (var u in raw)
        {
            var first = u[0];
            if (u.All(Kinsoku.CannotEndLine))
            {
                pendingOpen.Append(u);
                continue;
            }
            if (Kinsoku.CannotStartLine(first) && units.Count > 0 && pendingOpen.Length == 0 && !string.IsNullOrWhiteSpace(units[^1]))
            {
                units[^1] += u;
                continue;
            }
            units.Add(pendingOpen + u);
            pendingOpen.Clear();
        }
        if (pendingOpen.Length > 0)
        {
            if (units.Count > 0) units[^1] += pendingOpen.ToString();
            else units.Add(pendingOpen.ToString());
        }
        return units;
    }

    private static IEnumerable<string> Split(string unit, double firstAvailable, double width, Func<string, double> measure)
    {
        var piece = new StringBuilder();
        var available = firstAvailable;
        var elements = StringInfo.GetTextElementEnumerator(unit);
        while (elements.MoveNext())
        {
            var e = (string)elements.Current;
            if (piece.Length > 0 && measure(piece + e) > available + 1e-9)
            {
                yield return piece.ToString();
                piece.Clear();
                available = width;
            }
            piece.Append(e);
        }
        if (piece.Length > 0) yield return piece.ToString();
    }
}
