using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Agreements;
using Pairing.Application.Compliance;
using Pairing.Application.Documents;
using Pairing.Application.Lists;
using Pairing.Data;

namespace Pairing.Application.Exports;

/// <summary>协议列表 as .xlsx: every agreement the same list shows this user with the same filters and order, not
/// just one page; parties and counties by name.</summary>
public static class ExportAgreements
{
    public static readonly string[] Columns = ["编号", "项目", "名称", "状态", "开始日期", "结束日期", "参与方", "县（市、区）"];

    public sealed record Query(string User, AgreementFilter Filter, SortOrder? Sort = null) : IRequest<DocumentFile>;

    public sealed class Handler(IMediator mediator, PairingDatabase database, ComplianceCalculator calculator) : IRequestHandler<Query, DocumentFile>
    {
        public async Task<DocumentFile> Handle(Query request, CancellationToken ct)
        {
            var agreements = await mediator.Send(new ListAgreements.Query(request.User, request.Filter, request.Sort), ct);
            await using var db = database.Create();
            var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
            var rows = agreements.Select(a => new object?[]
            {
                a.Number, a.ProgramTitle, a.Title, a.StateTitle, ExportCells.Date(a.TermStart), ExportCells.Date(a.TermEnd),
                string.Join("；", a.Parties.Select(p => $"{p.RoleTitle}：{p.Name}")),
                string.Join("、", a.Parties.Select(p => p.County).OfType<string>().Distinct().Select(c => counties.GetValueOrDefault(c, ""))),
            }).ToList();
            return ExportCells.File("协议列表", calculator.Today, new SheetData("协议", Columns, rows));
        }
    }
}
