using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Pairing.Application.Lists;

namespace Pairing.Web.Lists;

/// <summary>The links of a list page, all in the query string so any view can be bookmarked or shared: sortable
/// column headers, the pager (第 N 页 / 共 M 页, page sizes) and the Excel export of the same filters and order.
/// Changing the order or the page size starts again at page 1.</summary>
public sealed class ListLinks
{
    public const string PageKey = "page", SizeKey = "size", SortKey = "sort", DirKey = "dir";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private readonly string _path;
    private readonly List<KeyValuePair<string, string>> _values;

    public ListLinks(string path, IEnumerable<KeyValuePair<string, string?>> values)
    {
        _path = path;
        _values = values.Where(v => v.Key != "handler" && !string.IsNullOrWhiteSpace(v.Value))
            .Select(v => KeyValuePair.Create(v.Key, v.Value!.Trim())).ToList();
    }

    public static ListLinks Of(HttpRequest request) =>
        new(request.Path, request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))));

    /// <summary>This list's address with some values changed (null or empty removes one).</summary>
    public string Url(params (string Key, string? Value)[] changes) => Build(_path, changes);

    /// <summary>Another address (the export) with this list's filters and order, without the page.</summary>
    public string Export(string path) => Build(path, [(PageKey, null), (SizeKey, null)]);

    private string Build(string path, (string Key, string? Value)[] changes)
    {
        var values = _values.Where(v => changes.All(c => c.Key != v.Key)).ToList();
        values.AddRange(changes.Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => KeyValuePair.Create(c.Key, c.Value!)));
        return values.Count == 0 ? path : path + "?" + string.Join("&", values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value)}"));
    }

    /// <summary>A column header that sorts by its column; a second click reverses. aria-sort tells screen readers.</summary>
    public IHtmlContent SortHeader(string title, string column, SortOrder current)
    {
        var active = current.Column == column;
        var next = active && !current.Descending ? "desc" : "asc";
        var arrow = active ? (current.Descending ? " ▼" : " ▲") : "";
        var aria = active ? $" aria-sort=\"{(current.Descending ? "descending" : "ascending")}\"" : "";
        var hint = active ? (current.Descending ? "当前降序，点击改为升序" : "当前升序，点击改为降序") : "点击排序";
        return new HtmlString($"<th{aria}><a href=\"{Html.Encode(Url((SortKey, column), (DirKey, next), (PageKey, null)))}\" title=\"{hint}\">{Html.Encode(title)}{arrow}</a></th>");
    }

    /// <summary>共 N 条 · 第 P 页 / 共 M 页, first/previous/numbered/next/last links and the page sizes.</summary>
    public IHtmlContent Pager<T>(PageOf<T> page, string unit = "条")
    {
        var html = new StringBuilder("<nav class=\"pager\" aria-label=\"分页\">");
        html.Append(CultureInfo.InvariantCulture, $"<span class=\"count\">共 {page.Total} {Html.Encode(unit)}");
        if (page.Total > 0) html.Append(CultureInfo.InvariantCulture, $"（第 {page.First}–{page.Last} {Html.Encode(unit)}）");
        html.Append(CultureInfo.InvariantCulture, $" · 第 {page.Number} 页 / 共 {page.Pages} 页</span>");
        if (page.Pages > 1)
        {
            Link(html, "首页", 1, page.Number > 1);
            Link(html, "上一页", page.Number - 1, page.Number > 1);
            var from = Math.Max(1, page.Number - 3);
            var to = Math.Min(page.Pages, page.Number + 3);
            for (var n = from; n <= to; n++)
            {
                if (n == page.Number) html.Append(CultureInfo.InvariantCulture, $"<span class=\"current\" aria-current=\"page\">{n}</span>");
                else html.Append(CultureInfo.InvariantCulture, $"<a href=\"{Html.Encode(Url((PageKey, Num(n))))}\" aria-label=\"第 {n} 页\">{n}</a>");
            }
            Link(html, "下一页", page.Number + 1, page.Number < page.Pages);
            Link(html, "末页", page.Pages, page.Number < page.Pages);
        }
        html.Append("<span class=\"sizes\">每页");
        foreach (var size in PageRequest.Sizes)
        {
            if (size == page.Size) html.Append(CultureInfo.InvariantCulture, $" <span class=\"current\">{size}</span>");
            else html.Append(CultureInfo.InvariantCulture, $" <a href=\"{Html.Encode(Url((SizeKey, Num(size)), (PageKey, null)))}\">{size}</a>");
        }
        html.Append(" 条</span></nav>");
        return new HtmlString(html.ToString());
    }

    private void Link(StringBuilder html, string text, int number, bool enabled)
    {
        if (enabled) html.Append(CultureInfo.InvariantCulture, $"<a href=\"{Html.Encode(Url((PageKey, Num(number))))}\">{text}</a>");
        else html.Append(CultureInfo.InvariantCulture, $"<span class=\"disabled\">{text}</span>");
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
