using MediatR;
using Pairing.Application.Agreements;
using Pairing.Application.Documents;
using Pairing.Application.Exports;
using Pairing.Application.Lists;
using Pairing.Application.Registry;

namespace Pairing.Web.Api;

/// <summary>/api/v1/exports/{list}: each list as an .xlsx workbook, taking exactly the query string of its page
/// (filters, sort, dir; page and size are ignored — an export holds every matching row), so a page's 导出 Excel link is
/// its own address under this prefix. Same user, same policy: an export holds what that user's list shows.</summary>
public static class ExportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/exports");

        exports.MapGet("/agreements", (HttpContext c, IMediator m, string? program, string? state, string? county, string? year, string? search, string? city,
            string? institution, string? role, string? live, string? sort, string? dir) => Guarded.Run(async () =>
        {
            var (filter, problem) = AgreementQuery(program, state, county, year, search, city, institution, role, live);
            return problem ?? File(await m.Send(new ExportAgreements.Query(CurrentAccount.UserName(c.User), filter!,
                SortOrder.Of(sort, dir, ListAgreements.SortColumns, ListAgreements.ByNumber)), c.RequestAborted));
        })).WithSummary("协议列表 Excel（与协议列表相同的筛选和排序，全部行）");

        exports.MapGet("/reports", (HttpContext c, IMediator m, string? scope, string? program, string? state, string? county, string? search, string? sort,
            string? dir) => Guarded.Run(async () =>
            File(await m.Send(new ExportReports.Query(CurrentAccount.UserName(c.User), ReportQuery(scope, program, state, county, search),
                SortOrder.Of(sort, dir, ListReports.SortColumns, ListReports.ByDue)), c.RequestAborted))))
            .WithSummary("报告列表 Excel（scope=all 为全部报告，默认为待我处理）");

        exports.MapGet("/institutions", (HttpContext c, IMediator m, string? county, string? tag, string? search, string? sort, string? dir) => Guarded.Run(async () =>
            File(await m.Send(new ExportInstitutions.Query(CurrentAccount.UserName(c.User), Blank(county), Blank(tag), Blank(search),
                SortOrder.Of(sort, dir, ListInstitutions.SortColumns, ListInstitutions.ByCode)), c.RequestAborted))))
            .WithSummary("机构名录 Excel");

        exports.MapGet("/compliance", (HttpContext c, IMediator m, string? county, string? asOf) => Guarded.Run(async () =>
        {
            var (day, problem) = QueryValues.Date(asOf, "asOf");
            return problem ?? File(await m.Send(new ExportCompliance.Query(CurrentAccount.UserName(c.User), Blank(county), day), c.RequestAborted));
        })).WithSummary("达标情况 Excel（教育局；与看板相同的县和统计日期：各目标一行，另一表为各县、各校或各协议的明细）");
    }

    /// <summary>The agreement list's query string, shared by the JSON list and its export.</summary>
    public static (AgreementFilter? Filter, IResult? Problem) AgreementQuery(string? program, string? state, string? county, string? year, string? search,
        string? city, string? institution, string? role, string? live)
    {
        var (y, badYear) = QueryValues.Int(year, "year");
        var (day, badLive) = QueryValues.Date(live, "live");
        if ((badYear ?? badLive) is { } problem) return (null, problem);
        return (new AgreementFilter(Blank(program), Blank(state), Blank(county), y, Blank(search), Blank(city), Blank(institution), Blank(role), day), null);
    }

    public static ReportFilter ReportQuery(string? scope, string? program, string? state, string? county, string? search) =>
        new(scope != "all", Blank(program), Blank(state), Blank(county), Blank(search));

    private static IResult File(DocumentFile file) => Results.File(file.Bytes, file.ContentType, file.FileName);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
