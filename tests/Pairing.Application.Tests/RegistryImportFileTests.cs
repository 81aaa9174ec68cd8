using System.Text;
using Microsoft.EntityFrameworkCore;
using Pairing.Application.Errors;
using Pairing.Application.Registry;
using Pairing.Testing;

namespace Pairing.Application.Tests;

/// <summary>What a bureau's file looks like in practice: a preview that counts the good rows even beside bad ones and
/// lists what it will do, Excel's GBK "CSV", a quote left open, and the template that imports as it stands.</summary>
public sealed class RegistryImportFileTests : IAsyncLifetime
{
    private ProgramWorld _w = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("pairing-import-files").FullName;

    public async Task InitializeAsync() => _w = await ProgramWorld.CreateAsync(TestDatabase.Sqlite);

    public async Task DisposeAsync()
    {
        await _w.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Gb18030(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }

    private async Task<int> CountAsync()
    {
        await using var db = _w.App.Db();
        return await db.Institutions.CountAsync();
    }

    private const string Header = "代码,名称,城市,县区,学段,标签\n";

    [Fact]
    public async Task A_preview_with_a_bad_row_still_counts_and_lists_the_good_ones_and_saves_nothing()
    {
        var before = await CountAsync();
        var path = Write("mixed.csv", Encoding.UTF8.GetBytes(Header +
            "QY-N01,清城区新城小学,清远市,清城区,小学,\n" +
            "QY-N02,某校,清远市,不存在区,初中,\n" +
            "QY-N03,连州市北湖小学,清远市,连州市,小学,\n" +
            "G1,清远市第一中学,清远市,清城区,高中,优质普通高中\n"));
        var report = await _w.App.Send(new ImportInstitutions.Command(path, null, DryRun: true));
        Assert.Equal(4, report.Rows);
        Assert.Equal((2, 1), (report.Created, report.Updated));
        Assert.Equal("第 3 行，列「县区」：清远市没有县（市、区）「不存在区」", Assert.Single(report.Errors).ToString());
        Assert.False(report.Committed);

        // Committing the same file saves nothing, and says so with the same counts.
        var commit = await _w.App.Send(new ImportInstitutions.Command(path, null));
        Assert.False(commit.Committed);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_clean_preview_lists_every_row_it_will_create_or_update()
    {
        var path = Write("clean.csv", Encoding.UTF8.GetBytes(Header +
            "QY-N01,清城区新城小学,清远市,清城区,\"小学、初中\",\n" +
            "G1,清远市第一中学,qingyuan,qingcheng,高中,\"优质普通高中; 市级劳动教育示范学校\"\n"));
        var report = await _w.App.Send(new ImportInstitutions.Command(path, null, DryRun: true));
        Assert.Empty(report.Errors);
        Assert.Equal((1, 1), (report.Created, report.Updated));
        var rows = report.Planned!;
        Assert.Equal(2, rows.Count);
        Assert.Equal((2, "QY-N01", "清城区新城小学", "清远市", "清城区", true), (rows[0].Row, rows[0].Code, rows[0].Name, rows[0].City, rows[0].County, rows[0].Created));
        Assert.Equal(["小学", "初中"], rows[0].Stages);
        Assert.Empty(rows[0].Tags);
        Assert.Equal((3, "G1", "清城区", false), (rows[1].Row, rows[1].Code, rows[1].County, rows[1].Created));
        Assert.Equal(["优质普通高中", "市级劳动教育示范学校"], rows[1].Tags);
    }

    [Fact]
    public async Task A_gbk_csv_from_excel_is_read_as_gb18030_and_says_so()
    {
        var path = Write("gbk.csv", Gb18030(Header + "QY-N07,英德市浛洸镇中心小学,清远市,英德市,小学,\n"));
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(File.ReadAllBytes(path)));
        var report = await _w.App.Send(new ImportInstitutions.Command(path, null));
        Assert.True(report.Committed, string.Join("\n", report.Errors));
        Assert.Contains("GB18030", report.Notice);
        await using var db = _w.App.Db();
        Assert.Equal("英德市浛洸镇中心小学", (await db.Institutions.SingleAsync(i => i.Code == "QY-N07")).Name);
    }

    [Fact]
    public async Task A_file_in_neither_utf8_nor_gb18030_is_refused_with_the_encoding_named()
    {
        // 0xFF never starts a character in either encoding.
        var path = Write("latin.csv", [.. Encoding.ASCII.GetBytes("code,name,city\nX1,"), 0xFF, 0xFE, 0xFF, .. Encoding.ASCII.GetBytes(",qingyuan\n")]);
        var ex = await Assert.ThrowsAsync<PairingException>(() => _w.App.Send(new ImportInstitutions.Command(path, null, DryRun: true)));
        Assert.Equal("file", ex.Field);
        Assert.Equal("文件不是 UTF-8 编码，请另存为 UTF-8 CSV 或 Excel", ex.Message);
    }

    [Fact]
    public async Task An_unclosed_quote_names_the_row_where_it_opened_instead_of_swallowing_the_rest()
    {
        var path = Write("quote.csv", Encoding.UTF8.GetBytes(Header +
            "QY-N01,清城区新城小学,清远市,清城区,小学,\n" +
            "QY-N02,\"连州市北湖小学,清远市,连州市,小学,\n" +
            "QY-N03,英德市英城小学,清远市,英德市,小学,\n"));
        var report = await _w.App.Send(new ImportInstitutions.Command(path, null, DryRun: true));
        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "名称"), (error.Row, error.Column));
        Assert.Contains("引号没有结束", error.Message);
        Assert.DoesNotContain(report.Errors, e => e.Message.Contains("未知城市"));

        // A stray quote that closes rows later reads as a cell with line breaks: named, never imported.
        var stray = Write("stray.csv", Encoding.UTF8.GetBytes(Header +
            "QY-N02,\"连州市北湖小学,清远市,连州市,小学,\n" +
            "QY-N03,英德市英城小学\",清远市,英德市,小学,\n"));
        var strayReport = await _w.App.Send(new ImportInstitutions.Command(stray, null, DryRun: true));
        Assert.Contains(strayReport.Errors, e => e.Row == 2 && e.Column == "名称" && e.Message.Contains("内容跨行"));
    }

    [Theory]
    [InlineData(ImportTemplate.Csv)]
    [InlineData(ImportTemplate.Xlsx)]
    public async Task The_template_has_the_header_and_an_example_row_that_imports_as_it_stands(string format)
    {
        var file = await _w.App.Send(new ImportTemplate.Query("qy", format));
        Assert.Equal($"名录导入模板.{format}", file.FileName);
        if (format == ImportTemplate.Csv)
        {
            Assert.Equal(Encoding.UTF8.GetPreamble(), file.Bytes[..3]);
            Assert.StartsWith("代码,名称,城市,县区,学段,标签\r\n", Encoding.UTF8.GetString(file.Bytes[3..]));
        }
        var report = await _w.App.Send(new ImportInstitutions.Command(Write($"template.{format}", file.Bytes), "qy", DryRun: true));
        Assert.Empty(report.Errors);
        var row = Assert.Single(report.Planned!);
        Assert.Equal(("清远市", true), (row.City, row.Created));
        Assert.Equal(["小学", "初中"], row.Stages);
        await Assert.ThrowsAsync<PairingException>(() => _w.App.Send(new ImportTemplate.Query("qy", "pdf")));
    }
}
