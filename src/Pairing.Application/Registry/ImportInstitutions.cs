using System.Globalization;
using System.Text;
using ExcelDataReader;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Access;
using Pairing.Application.Catalog;
using Pairing.Application.Errors;
using Pairing.Application.Validation;
using Pairing.Data;
using Pairing.Domain.Registry;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Registry;

public sealed record ImportError(int Row, string Column, string Message)
{
    public override string ToString() => $"第 {Row} 行，列「{Column}」：{Message}";
}

/// <summary>A row that imports cleanly, as the preview lists it: what it creates or updates, in Chinese.</summary>
public sealed record ImportedRow(int Row, string Code, string Name, string City, string? County, IReadOnlyList<string> Stages, IReadOnlyList<string> Tags,
    bool Created);

/// <summary>What an import did, or (dry run, or any error) would do: Created and Updated count the rows without
/// errors even when other rows have some — nothing is saved then. Notice says how the file was read when that is
/// worth knowing (a GB18030 file); Encoding names the encoding a CSV was read in (null for Excel).</summary>
public sealed record ImportReport(int Rows, int Created, int Updated, IReadOnlyList<ImportError> Errors, bool Committed,
    IReadOnlyList<ImportedRow>? Planned = null, string? Notice = null, string? Encoding = null);

/// <summary>名录导入: the institution registry from a bureau's CSV or Excel list. Every row is checked first; if any row
/// is wrong nothing is saved, and each error names its row and column. As a user, a city bureau or city administrator
/// reaches only its own city (rows naming another city, and codes that belong to another city's institutions, are row
/// errors); a province administrator every city; without a user (the operator's command line) every city.</summary>
public static class ImportInstitutions
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>The registry's columns: institutions.code varchar(50), institutions.name varchar(200), on both databases.</summary>
    public const int CodeLength = 50, NameLength = 200;

    /// <summary>FileName is the name the user knows the file by (an upload is stored under a name of the server's), for
    /// messages about the file itself.</summary>
    public sealed record Command(string Path, string? User, bool DryRun = false, string? FileName = null) : IRequest<ImportReport>;

    public sealed class Handler(PairingDatabase database, ProgramDirectory programs) : IRequestHandler<Command, ImportReport>
    {
        public async Task<ImportReport> Handle(Command request, CancellationToken ct)
        {
            string? onlyCity = null;
            if (request.User is { } user)
            {
                await using var db = database.Create();
                onlyCity = AgreementPolicy.ImportReach((await ActorDirectory.ResolveAsync(db, user, ct)).Account);
            }
            return await ImportAsync(database, await programs.TagsAsync(ct), request.Path, request.FileName ?? System.IO.Path.GetFileName(request.Path), onlyCity,
                request.DryRun, ct);
        }
    }

    private static readonly Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["代码"] = "code", ["机构代码"] = "code", ["code"] = "code",
        ["名称"] = "name", ["机构名称"] = "name", ["name"] = "name",
        ["城市"] = "city", ["地市"] = "city", ["city"] = "city",
        ["县区"] = "county", ["县（市、区）"] = "county", ["county"] = "county",
        ["学段"] = "stages", ["stages"] = "stages",
        ["标签"] = "tags", ["类别"] = "tags", ["tags"] = "tags",
    };

    private static readonly string[] Required = ["code", "name", "city"];
    /// <summary>The columns in the order the template writes them.</summary>
    public static readonly string[] ColumnTitles = ["代码", "名称", "城市", "县区", "学段", "标签"];

    private static async Task<ImportReport> ImportAsync(PairingDatabase database, TagVocabulary vocabulary, string path, string fileName, string? onlyCity,
        bool dryRun, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new PairingException(ErrorKind.NotFound, $"文件 {path} 不存在", "file");
        if (info.Length > MaxBytes) throw new PairingException(ErrorKind.Invalid, $"文件过大（{info.Length / 1024 / 1024} MB），上限 10 MB", "file");
        var extension = info.Extension.ToLowerInvariant();
        string? notice = null, encoding = null;
        List<string[]> table;
        switch (extension)
        {
            case ".csv":
                var text = CsvText.Decode(await File.ReadAllBytesAsync(path, ct), out var read);
                encoding = read;
                if (encoding != CsvText.Utf8) notice = $"文件不是 UTF-8 编码，已按 {encoding}读取；如有乱码，请另存为 UTF-8 CSV 或 Excel";
                try
                {
                    table = CsvReader.Parse(text);
                }
                catch (UnclosedQuoteException quote)
                {
                    return new(0, 0, 0, [new(quote.Line, CsvText.ColumnAt(text, quote.Field),
                        "引号没有结束：此行的引号直到文件末尾都没有配对的结束引号（\"），请检查此行；其后的各行因此无法读取")], false, null, notice, encoding);
                }
                break;
            case ".xlsx" or ".xls":
                table = ReadExcel(path, fileName);
                break;
            default:
                throw new PairingException(ErrorKind.Invalid, $"不支持的文件类型 {extension}：请使用 .csv 或 .xlsx", "file");
        }
        return await ImportRowsAsync(database, vocabulary, table, onlyCity, dryRun, notice, ct) with { Encoding = encoding };
    }

    private static async Task<ImportReport> ImportRowsAsync(PairingDatabase database, TagVocabulary vocabulary, List<string[]> table, string? onlyCity,
        bool dryRun, string? notice, CancellationToken ct)
    {
        if (table.Count == 0) return new(0, 0, 0, [new(1, "表头", "文件是空的")], false, null, notice);
        var header = table[0].Select(h => Headers.GetValueOrDefault(h.Trim())).ToArray();
        var errors = new List<ImportError>();
        foreach (var r in Required.Where(r => !header.Contains(r)))
            errors.Add(new(1, Title(r), notice is null ? "缺少此列" : "缺少此列（文件不是 UTF-8 编码，请另存为 UTF-8 CSV 或 Excel）"));
        var rows = table.Skip(1).Count(r => !r.All(string.IsNullOrWhiteSpace));
        if (errors.Count > 0) return new(rows, 0, 0, errors, false, null, notice);

        await using var db = database.Create();
        var cities = await db.Cities.AsNoTracking().ToListAsync(ct);
        var counties = await db.Counties.AsNoTracking().ToListAsync(ct);
        var existing = await db.Institutions.ToDictionaryAsync(i => i.Code, ct);
        var seen = new Dictionary<string, int>();
        var planned = new List<ImportedRow>();
        for (var n = 1; n < table.Count; n++)
        {
            var row = n + 1;
            string Cell(string column) { var i = Array.IndexOf(header, column); return i >= 0 && i < table[n].Length ? table[n][i].Trim() : ""; }
            if (table[n].All(string.IsNullOrWhiteSpace)) continue;
            // Each row's own errors decide whether it counts: a bad row elsewhere does not hide the good ones.
            var before = errors.Count;
            for (var i = 0; i < table[n].Length; i++)
            {
                var column = i < table[0].Length && table[0][i].Trim().Length > 0 ? table[0][i].Trim() : $"第 {i + 1} 列";
                if (table[n][i].Contains('\n'))
                    errors.Add(new(row, column, "内容跨行：此处的引号可能没有结束，把后面的行也读进了这一格，请检查此行的引号"));
                // A NUL or another control character is never meant; PostgreSQL cannot store a NUL, SQLite would cut the text there.
                else if (StoredText.CharacterProblem(table[n][i]) is { } bad) errors.Add(new(row, column, bad));
            }
            var code = Cell("code");
            var name = Cell("name");
            if (code == "") errors.Add(new(row, "代码", "必填"));
            else if (code.Length > CodeLength) errors.Add(new(row, "代码", $"不能超过 {CodeLength} 个字符（现有 {code.Length} 个）"));
            else if (seen.TryGetValue(code, out var first)) errors.Add(new(row, "代码", $"与第 {first} 行重复：{code}"));
            else seen[code] = row;
            if (name == "") errors.Add(new(row, "名称", "必填"));
            else if (name.Length > NameLength) errors.Add(new(row, "名称", $"不能超过 {NameLength} 个字符（现有 {name.Length} 个）"));
            var cityText = Cell("city");
            var city = cities.FirstOrDefault(c => c.Code == cityText || c.Name == cityText || c.AdminCode == cityText);
            if (city is null) errors.Add(new(row, "城市", $"未知城市「{cityText}」"));
            else if (onlyCity is not null && city.Code != onlyCity)
                errors.Add(new(row, "城市", $"只能导入本市（{cities.First(c => c.Code == onlyCity).Name}）的机构，不能导入{city.Name}的机构"));
            if (onlyCity is not null && existing.TryGetValue(code, out var owned) && owned.CityCode != onlyCity)
                errors.Add(new(row, "代码", $"代码 {code} 已属于{cities.FirstOrDefault(c => c.Code == owned.CityCode)?.Name ?? owned.CityCode}的机构，不能由本市修改"));
            var countyText = Cell("county");
            County? county = null;
            if (countyText != "" && city is not null)
            {
                county = counties.FirstOrDefault(c => c.CityCode == city.Code && (c.Code == countyText || c.Name == countyText || c.AdminCode == countyText));
                if (county is null) errors.Add(new(row, "县区", $"{city.Name}没有县（市、区）「{countyText}」"));
            }
            var stages = Split(Cell("stages")).Select(s => (Text: s, Code: Stage.Parse(s))).ToList();
            foreach (var bad in stages.Where(s => s.Code is null))
                errors.Add(new(row, "学段", $"未知学段「{bad.Text}」（可用：{string.Join("、", Stage.Names.Values)}）"));
            // Tags are the ones the published definitions declare (a new structure brings its own).
            var tags = Split(Cell("tags")).Select(s => (Text: s, Code: vocabulary.Parse(s))).ToList();
            foreach (var bad in tags.Where(s => s.Code is null))
                errors.Add(new(row, "标签", vocabulary.Names.Count == 0
                    ? $"未知标签「{bad.Text}」：尚未发布任何流程定义，标签由流程定义声明，请先发布（pairing workflows publish）"
                    : $"未知标签「{bad.Text}」（可用：{string.Join("、", vocabulary.Names.Values)}）"));
            if (errors.Count > before || city is null) continue;

            var isNew = !existing.TryGetValue(code, out var institution);
            if (institution is null)
            {
                institution = new Institution { Id = Guid.NewGuid(), Code = code, Source = "import" };
                db.Institutions.Add(institution);
                existing[code] = institution;
            }
            institution.Name = name;
            institution.CityCode = city.Code;
            institution.CountyCode = county?.Code;
            institution.Stages = stages.Select(s => s.Code!).Distinct().ToList();
            institution.Tags = tags.Select(s => s.Code!).Distinct().ToList();
            planned.Add(new ImportedRow(row, code, name, city.Name, county?.Name, institution.Stages.Select(Stage.Title).ToList(),
                institution.Tags.Select(vocabulary.Title).ToList(), isNew));
        }
        int created = planned.Count(p => p.Created), updated = planned.Count - created;
        // Any error: nothing is saved, but the counts still say what the good rows would do.
        if (errors.Count > 0) return new(rows, created, updated, errors, false, planned, notice);
        if (!dryRun) await db.SaveChangesAsync(ct);
        return new(rows, created, updated, [], !dryRun, planned, notice);
    }

    private static string Title(string column) => ColumnTitles[Array.IndexOf(["code", "name", "city", "county", "stages", "tags"], column)];

    private static IEnumerable<string> Split(string text) =>
        text.Split(['、', ';', '；', ',', '，', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The cells of the first sheet as text. A file that is not a workbook (random bytes named .xlsx, a
    /// damaged or encrypted one) is refused naming the file; the reader's own exceptions are many and none is the user's fault.</summary>
    private static List<string[]> ReadExcel(string path, string fileName)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            var rows = new List<string[]>();
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                    cells[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                rows.Add(cells);
            }
            return rows;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new PairingException(ErrorKind.Invalid, $"{fileName} 不是有效的 Excel 工作簿（.xlsx），无法读取：请用 Excel 另存为 .xlsx 或 UTF-8 CSV 后重新上传", "file");
        }
    }
}
