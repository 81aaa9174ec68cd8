using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Application.Registry;
using Pairing.Testing;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Tests;

public sealed class InstitutionImportTests : IAsyncLifetime
{
    private ProgramWorld _w = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("pairing-import").FullName;

    public async Task InitializeAsync() => _w = await ProgramWorld.CreateAsync(TestDatabase.Sqlite);

    public async Task DisposeAsync()
    {
        await _w.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<int> CountAsync()
    {
        await using var db = _w.App.Db();
        return await db.Institutions.CountAsync();
    }

    [Fact]
    public async Task A_city_bureau_imports_only_its_own_city_and_cannot_move_another_city_s_school()
    {
        // qy (清远市教育局) tries to take over 揭阳市第一中学 and to add a school in 揭阳.
        var path = Write("takeover.csv", """
            代码,名称,城市,县区,学段,标签
            JG1,揭阳市第一中学,清远市,连州市,高中,优质普通高中
            JY-N09,普宁市新校,揭阳市,普宁市,初中,
            QY-N09,连州市新城小学,清远市,连州市,小学,
            """);
        foreach (var user in new[] { "qy", "qy.admin" })
        {
            var report = await _w.App.Send(new ImportInstitutions.Command(path, user));
            Assert.False(report.Committed);
            var lines = report.Errors.Select(e => e.ToString()).ToList();
            Assert.Contains("第 2 行，列「代码」：代码 JG1 已属于揭阳市的机构，不能由本市修改", lines);
            Assert.Contains("第 3 行，列「城市」：只能导入本市（清远市）的机构，不能导入揭阳市的机构", lines);
            Assert.Equal(2, lines.Count);
        }
        await using (var db = _w.App.Db())
        {
            var school = await db.Institutions.SingleAsync(i => i.Code == "JG1");
            Assert.Equal("jieyang", school.CityCode);
            Assert.Equal("puning", school.CountyCode);
        }
        // A school or a county bureau may not import at all; a province administrator reaches every city.
        foreach (var user in new[] { "g1", "lz" })
            Assert.Equal(ErrorKind.Forbidden, (await Assert.ThrowsAsync<PairingException>(() => _w.App.Send(new ImportInstitutions.Command(path, user)))).Kind);
        var province = await _w.App.Send(new ImportInstitutions.Command(Write("province.csv", """
            代码,名称,城市,县区,学段,标签
            JY-N09,普宁市新校,揭阳市,普宁市,初中,
            """), ProgramWorld.Viewer));
        Assert.True(province.Committed);
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_row_and_column_and_nothing_is_imported()
    {
        var before = await CountAsync();
        var path = Write("bad.csv", """
            代码,名称,城市,县区,学段,标签
            QY-N01,连山县太保镇中心小学,清远市,连山壮族瑶族自治县,小学,
            QY-N02,,清远市,连州市,小学,
            QY-N03,连州市北湖幼儿园,清远市,连州市,大学,
            QY-N01,阳山县第三中学,清远市,阳山县,"初中、高中",薄弱县中
            QY-N05,英德市东华中学,清远市,英德市,初中,劳动示范
            """);
        var report = await _w.App.Send(new ImportInstitutions.Command(path, null));
        Assert.False(report.Committed);
        var lines = report.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("第 2 行，列「县区」：清远市没有县（市、区）「连山壮族瑶族自治县」", lines);
        Assert.Contains("第 3 行，列「名称」：必填", lines);
        Assert.Contains(lines, l => l.StartsWith("第 4 行，列「学段」：未知学段「大学」"));
        Assert.Contains(lines, l => l.StartsWith("第 5 行，列「代码」：与第 2 行重复"));
        Assert.Contains(lines, l => l.StartsWith("第 5 行，列「县区」"));
        Assert.Contains(lines, l => l.StartsWith("第 6 行，列「标签」：未知标签「劳动示范」"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_valid_csv_is_imported_and_reimporting_updates_in_place()
    {
        var before = await CountAsync();
        var path = Write("ok.csv", """
            代码,名称,城市,县区,学段,标签
            QY-N01,英德市浛洸镇中心小学,清远市,英德市,小学,
            QY-N02,"连州市第三中学（完全中学）",qingyuan,lianzhou,"初中、高中",薄弱县中
            G1,清远市第一中学,清远市,清城区,高中,"优质普通高中; 市级劳动教育示范学校"
            """);
        var report = await _w.App.Send(new ImportInstitutions.Command(path, null));
        Assert.True(report.Committed);
        Assert.Equal((2, 1), (report.Created, report.Updated));
        await using var db = _w.App.Db();
        var n02 = await db.Institutions.SingleAsync(i => i.Code == "QY-N02");
        Assert.Equal("连州市第三中学（完全中学）", n02.Name);
        Assert.Equal(["junior", "senior"], n02.Stages);
        Assert.Equal(["county-high-school"], n02.Tags);
        Assert.Equal(["quality-high-school", "labour-municipal"], (await db.Institutions.SingleAsync(i => i.Code == "G1")).Tags);
        Assert.Equal(before + 2, await db.Institutions.CountAsync());
    }

    [Fact]
    public async Task An_excel_list_is_imported_and_its_errors_name_the_row()
    {
        var path = Path.Combine(_dir, "list.xlsx");
        WriteXlsx(path, [
            ["机构代码", "机构名称", "城市", "县区", "学段", "类别"],
            ["QY-X01", "连南瑶族自治县寨岗中学", "清远市", "连州市", "初中", ""],
            ["QY-X02", "阳山县七拱镇中心幼儿园", "清远市", "英德市", "幼儿园", ""],
        ]);
        var report = await _w.App.Send(new ImportInstitutions.Command(path, null));
        Assert.True(report.Committed, string.Join("\n", report.Errors));
        Assert.Equal(2, report.Created);

        WriteXlsx(path, [["代码", "名称", "城市"], ["QY-X03", "某校", "广州市"]]);
        var bad = await _w.App.Send(new ImportInstitutions.Command(path, null));
        Assert.Equal("第 2 行，列「城市」：未知城市「广州市」", Assert.Single(bad.Errors).ToString());
    }

    [Fact]
    public async Task Unsupported_and_oversized_files_are_refused_with_the_reason()
    {
        var txt = Write("list.txt", "代码,名称");
        var ex = await Assert.ThrowsAsync<PairingException>(() => _w.App.Send(new ImportInstitutions.Command(txt, null)));
        Assert.Equal("file", ex.Field);
        Assert.Contains(".csv", ex.Message);

        var big = Path.Combine(_dir, "big.csv");
        await using (var f = File.Create(big)) f.SetLength(11 * 1024 * 1024);
        var tooBig = await Assert.ThrowsAsync<PairingException>(() => _w.App.Send(new ImportInstitutions.Command(big, null)));
        Assert.Contains("10 MB", tooBig.Message);

        var missing = await _w.App.Send(new ImportInstitutions.Command(Write("nohead.csv", "名称,城市\n某校,清远市\n"), null));
        Assert.Equal("第 1 行，列「代码」：缺少此列", Assert.Single(missing.Errors).ToString());
    }

    private static void WriteXlsx(string path, string[][] rows)
    {
        using var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = doc.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        foreach (var row in rows)
            data.Append(new Row(row.Select(v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v)) })));
        sheetPart.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "名录" }));
        workbook.Workbook.Save();
    }
}
