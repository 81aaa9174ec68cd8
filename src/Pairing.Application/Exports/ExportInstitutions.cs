using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Compliance;
using Pairing.Application.Documents;
using Pairing.Application.Lists;
using Pairing.Application.Registry;
using Pairing.Data;
using Pairing.Domain.Registry;

namespace Pairing.Application.Exports;

/// <summary>名录 as .xlsx: the institutions the same registry list shows this user, same filters and order, all rows.
/// The code column is the registry's own key (the import reads it back), so the file can be edited and re-imported.</summary>
public static class ExportInstitutions
{
    public static readonly string[] Columns = ImportInstitutions.ColumnTitles;

    public sealed record Query(string User, string? County = null, string? Tag = null, string? Search = null, SortOrder? Sort = null) : IRequest<DocumentFile>;

    public sealed class Handler(IMediator mediator, PairingDatabase database, ComplianceCalculator calculator) : IRequestHandler<Query, DocumentFile>
    {
        public async Task<DocumentFile> Handle(Query request, CancellationToken ct)
        {
            var registry = await mediator.Send(new ListInstitutions.Query(request.User, County: request.County, Tag: request.Tag, Search: request.Search,
                Sort: request.Sort), ct);
            await using var db = database.Create();
            var cities = await db.Cities.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
            var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
            var rows = registry.Institutions.Select(i => new object?[]
            {
                i.Code, i.Name, cities.GetValueOrDefault(i.CityCode, ""), i.CountyCode is { } c ? counties.GetValueOrDefault(c, "") : "",
                string.Join("、", i.Stages.Select(Stage.Title)), string.Join("、", i.Tags.Select(registry.Tags.Title)),
            }).ToList();
            return ExportCells.File("机构名录", calculator.Today, new SheetData("名录", Columns, rows));
        }
    }
}
