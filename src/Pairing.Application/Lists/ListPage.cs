namespace Pairing.Application.Lists;

/// <summary>Which page of a list to show: 1-based, with one of the page sizes a list offers (20 by default).</summary>
public sealed record PageRequest(int Number = 1, int Size = PageRequest.DefaultSize)
{
    public const int DefaultSize = 20;

    public static readonly int[] Sizes = [20, 50, 100];

    /// <summary>Whatever the query string said, a page that exists: an unknown size becomes the default, a page
    /// before the first the first (a page past the last is clamped once the total is known).</summary>
    public static PageRequest Of(int? number, int? size) =>
        new(Math.Max(number ?? 1, 1), size is int s && Sizes.Contains(s) ? s : DefaultSize);
}

/// <summary>One page of a list, with the total the filters matched.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int Number, int Size)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);

    /// <summary>Position of the first item on this page (1-based), for "第 21–40 条".</summary>
    public int First => Total == 0 ? 0 : (Number - 1) * Size + 1;

    public int Last => Math.Min(Total, Number * Size);
}

/// <summary>How a list is ordered: a column the list names and the direction.</summary>
public sealed record SortOrder(string Column, bool Descending = false)
{
    /// <summary>The column asked for when the list knows it, else the list's default; "desc" reverses.</summary>
    public static SortOrder Of(string? column, string? direction, IReadOnlyCollection<string> columns, string fallback) =>
        new(column is { } c && columns.Contains(c) ? c : fallback, string.Equals(direction, "desc", StringComparison.OrdinalIgnoreCase));

    public string Direction => Descending ? "desc" : "asc";
}

public static class Paging
{
    /// <summary>The requested page of an already filtered and sorted list; a page past the end shows the last one.</summary>
    public static PageOf<T> Slice<T>(IReadOnlyList<T> all, PageRequest request)
    {
        var pages = Math.Max(1, (all.Count + request.Size - 1) / request.Size);
        var number = Math.Min(request.Number, pages);
        return new PageOf<T>(all.Skip((number - 1) * request.Size).Take(request.Size).ToList(), all.Count, number, request.Size);
    }

    /// <summary>Orders by a key, ascending or descending, with a stable tie-break so pages never overlap.</summary>
    public static List<T> Order<T, TKey>(IEnumerable<T> items, Func<T, TKey> key, bool descending, Func<T, string> tie, IComparer<TKey>? comparer = null)
    {
        var ordered = descending ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer);
        return ordered.ThenBy(tie, StringComparer.Ordinal).ToList();
    }
}
