using System.Text;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Documents;
using Pairing.Application.Errors;
using Pairing.Application.Lists;
using Pairing.Data;
using Pairing.Domain.Registry;

namespace Pairing.Application.Registry;

/// <summary>名录导入模板: the header row the import reads and one example row of the user's own city, as a CSV (UTF-8
/// with a byte-order mark, so Excel opens the Chinese correctly) or an .xlsx. The example row imports as it stands.</summary>
public static class ImportTemplate
{
    public const string Csv = "csv", Xlsx = "xlsx";

    public sealed record Query(string User, string Format) : IRequest<DocumentFile>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs) : IRequestHandler<Query, DocumentFile>
    {
        public async Task<DocumentFile> Handle(Query request, CancellationToken ct)
        {
            if (request.Format is not (Csv or Xlsx))
                throw new PairingException(ErrorKind.Invalid, $"模板格式「{request.Format}」无效：可选 csv 或 xlsx", "format");
            await using var db = database.Create();
            var (account, _) = await ActorDirectory.ResolveAsync(db, request.User, ct);
            var cityCode = AgreementPolicy.CityReach(account, null);
            var city = await db.Cities.AsNoTracking().Where(c => cityCode == null || c.Code == cityCode).OrderBy(c => c.Code).FirstOrDefaultAsync(ct)
                ?? throw new PairingException(ErrorKind.NotFound, "还没有任何城市，请先导入或初始化示例数据", "city");
            var county = await db.Counties.AsNoTracking().Where(c => c.CityCode == city.Code).OrderBy(c => c.AdminCode).FirstOrDefaultAsync(ct);
            var tag = (await programs.TagsAsync(ct)).Names.Values.Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
            string[] example = ["EX-001", $"{county?.Name ?? city.Name}示例学校", city.Name, county?.Name ?? "", $"{Stage.Title(Stage.Primary)}、{Stage.Title(Stage.Junior)}", tag];
            var columns = ImportInstitutions.ColumnTitles;
            if (request.Format == Csv)
            {
                var text = string.Join(",", columns) + "\r\n" + string.Join(",", example.Select(Quote)) + "\r\n";
                return new DocumentFile([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], "名录导入模板.csv", "text/csv; charset=utf-8");
            }
            return new DocumentFile(Spreadsheet.Xlsx(new SheetData("名录", columns, [example])), "名录导入模板.xlsx", Spreadsheet.ContentType);
        }

        private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n', '、']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
    }
}
