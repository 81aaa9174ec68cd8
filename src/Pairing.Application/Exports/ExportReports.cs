using MediatR;
using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Documents;
using Pairing.Application.Lists;

namespace Pairing.Application.Exports;

/// <summary>报告列表 as .xlsx: the reports and evaluations the same list shows this user, same filters and order, all rows.</summary>
public static class ExportReports
{
    public static readonly string[] Columns = ["协议编号", "协议名称", "项目", "事项", "周期", "状态", "截止日期", "是否逾期", "待我处理", "县（市、区）"];

    public sealed record Query(string User, ReportFilter Filter, SortOrder? Sort = null) : IRequest<DocumentFile>;

    public sealed class Handler(IMediator mediator, ComplianceCalculator calculator) : IRequestHandler<Query, DocumentFile>
    {
        public async Task<DocumentFile> Handle(Query request, CancellationToken ct)
        {
            var reports = await mediator.Send(new ListReports.Query(request.User, request.Filter, request.Sort), ct);
            var rows = reports.Select(r => new object?[]
            {
                r.Number, r.AgreementTitle, r.ProgramTitle, r.Kind, r.Period, r.StateTitle, ExportCells.Date(r.Due), ExportCells.YesNo(r.Overdue),
                r.Mine ? r.Task ?? "是" : "否", string.Join("、", r.Counties),
            }).ToList();
            return ExportCells.File("报告列表", calculator.Today, new SheetData("报告", Columns, rows));
        }
    }
}
