using MediatR;
using Pairing.Application.Dashboard;
using Pairing.Application.Documents;
using Pairing.Application.Lists;

namespace Pairing.Application.Exports;

/// <summary>达标情况 as .xlsx: exactly what the dashboard shows this bureau for the same county and day — one row per
/// target (项目、指标、范围、实际、目标、是否达标、依据) and, on a second sheet, the per-county, per-school or per-agreement
/// rows under each target. Schools are refused as on the dashboard.</summary>
public static class ExportCompliance
{
    public static readonly string[] TargetColumns = ["项目", "指标", "范围", "实际", "目标", "是否达标", "依据", "说明"];
    public static readonly string[] DetailColumns = ["项目", "指标", "名称", "代码/编号", "数量", "目标", "是否达标", "说明"];

    public sealed record Query(string User, string? County, DateOnly? AsOf = null) : IRequest<DocumentFile>;

    public sealed class Handler(IMediator mediator) : IRequestHandler<Query, DocumentFile>
    {
        public async Task<DocumentFile> Handle(Query request, CancellationToken ct)
        {
            var data = await mediator.Send(new ShowDashboard.Query(request.User, request.County, request.AsOf), ct);
            var targets = data.Figures.Select(f => new object?[]
            {
                f.Result.Title, f.Measure, f.Scope, f.Actual, f.Target, f.Met is { } met ? ExportCells.YesNo(met) : "不适用", f.Result.Source, f.Note,
            }).ToList();
            var details = data.Figures.SelectMany(f => f.Rows.Select(r => new object?[]
            {
                f.Result.Title, f.Measure, r.Detail.Name, r.Code, r.Detail.Count, r.Detail.Goal, ExportCells.YesNo(r.Detail.Met), r.Detail.Note,
            })).ToList();
            var title = data.CountyName is { } county ? $"达标情况-{data.CityName}{county}" : $"达标情况-{data.CityName}";
            return ExportCells.File(title, data.AsOf, new SheetData("达标情况", TargetColumns, targets), new SheetData("明细", DetailColumns, details));
        }
    }
}
