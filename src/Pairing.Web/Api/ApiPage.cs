using Pairing.Application.Lists;

namespace Pairing.Web.Api;

/// <summary>One page of an API collection: the rows, how many the filters matched in all, and which page of what size
/// this is (a page past the end answers with the last one). Follow `page` until `page * size >= total`.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Total, int Page, int Size);

/// <summary>Reads `page` and `size` of an API collection: page from 1, size 1–200 (50 when absent). Anything else is a
/// 400 naming the parameter, never a silent default.</summary>
public static class ApiPaging
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static ApiPage<T> Of<T>(PageOf<T> page) => new(page.Items, page.Total, page.Number, page.Size);

    /// <summary>For collections whose use case returns every row: the page is cut here.</summary>
    public static ApiPage<T> Slice<T>(IReadOnlyList<T> all, PageRequest request) => Of(Paging.Slice(all, request));

    public static (PageRequest? Page, IResult? Problem) Read(string? page, string? size)
    {
        var (number, badNumber) = QueryValues.Int(page, "page");
        if (badNumber is not null || number is < 1) return (null, Problems.Invalid("page", $"页码「{page}」无效，应为从 1 开始的整数"));
        var (count, badSize) = QueryValues.Int(size, "size");
        if (badSize is not null || count is < 1 or > MaxSize)
            return (null, Problems.Invalid("size", $"每页条数「{size}」无效，应为 1 到 {MaxSize} 之间的整数"));
        return (new PageRequest(number ?? 1, count ?? DefaultSize), null);
    }
}

/// <summary>An institution as the registry API lists it.</summary>
public sealed record InstitutionRow(string Code, string Name, string CityCode, string? CountyCode, IReadOnlyList<string> Stages, IReadOnlyList<string> Tags);
