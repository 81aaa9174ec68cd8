using System.Globalization;
using System.Text;

namespace Pairing.Documents.Fonts;

/// <summary>Writes a TrueType contour as PDF path operators. TrueType contours are quadratic: two off-curve points in a
/// row imply an on-curve point halfway between them. PDF has only cubic curves, and a quadratic segment is exactly the
/// cubic whose control points lie two thirds of the way from each end towards the quadratic control point.</summary>
internal static class OutlinePath
{
    public static void Append(StringBuilder path, IReadOnlyList<OutlinePoint> contour, double dx)
    {
        var n = contour.Count;
        if (n < 2) return;                          // a lone point encloses nothing
        // Start on an on-curve point: the first, else the last, else the midpoint of the two.
        var first = contour[0];
        var last = contour[^1];
        OutlinePoint start;
        int from, to;
        if (first.OnCurve) (start, from, to) = (first, 1, n);
        else if (last.OnCurve) (start, from, to) = (last, 0, n - 1);
        else (start, from, to) = (Mid(first, last), 0, n);

        Point(path, start, dx).Append("m\n");
        var current = start;
        OutlinePoint? control = null;
        for (var i = from; i <= to; i++)
        {
            var q = i < to ? contour[i] : start;    // close back to the start
            if (q.OnCurve)
            {
                if (control is { } c) Quad(path, current, c, q, dx);
                else if (i < to) Point(path, q, dx).Append("l\n");   // the closing line is drawn by h
                current = q;
                control = null;
            }
            else
            {
                if (control is { } c)
                {
                    var mid = Mid(c, q);
                    Quad(path, current, c, mid, dx);
                    current = mid;
                }
                control = q;
            }
        }
        path.Append("h\n");
    }

    private static void Quad(StringBuilder path, OutlinePoint p0, OutlinePoint q, OutlinePoint p2, double dx)
    {
        if (OnChord(p0, q, p2))
        {
            Point(path, p2, dx).Append("l\n");
            return;
        }
        var c1 = new OutlinePoint(p0.X + 2.0 / 3 * (q.X - p0.X), p0.Y + 2.0 / 3 * (q.Y - p0.Y), false);
        var c2 = new OutlinePoint(p2.X + 2.0 / 3 * (q.X - p2.X), p2.Y + 2.0 / 3 * (q.Y - p2.Y), false);
        Point(Point(Point(path, c1, dx), c2, dx), p2, dx).Append("c\n");
    }

    /// <summary>A quadratic whose control point lies on the chord between its ends is a straight line; fonts are full
    /// of them (runs of implied on-curve points along a stroke), and l says so in a third of the bytes. Within half a
    /// font unit the curve strays at most a quarter unit from the chord.</summary>
    private static bool OnChord(OutlinePoint p0, OutlinePoint q, OutlinePoint p2)
    {
        double ax = p2.X - p0.X, ay = p2.Y - p0.Y, bx = q.X - p0.X, by = q.Y - p0.Y;
        var length2 = ax * ax + ay * ay;
        if (length2 == 0) return false;
        var along = (ax * bx + ay * by) / length2;
        var across = Math.Abs(ax * by - ay * bx) / Math.Sqrt(length2);
        return along is >= 0 and <= 1 && across <= 0.5;
    }

    private static OutlinePoint Mid(OutlinePoint a, OutlinePoint b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2, true);

    /// <summary>Whole font units: a thousandth of an em is far below what a reader can see, and keeps the path short.</summary>
    private static StringBuilder Point(StringBuilder path, OutlinePoint p, double dx) =>
        path.Append(Number(p.X + dx)).Append(' ').Append(Number(p.Y)).Append(' ');

    private static string Number(double v) => ((long)Math.Round(v, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);
}
