using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniExcelLibs;

namespace Pairing.Web.Tests;

/// <summary>Lists as a clerk uses them: paged, sorted by a column, filtered through Chinese dropdowns, all in the
/// address; and each list's Excel export holding every row of the same list — no more, for a school no one else's.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ListAndExportTests(WebWorld web)
{
    private static List<string> Numbers(string html) =>
        AgreementLink().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>Every row of the API's list for the query (one page of up to 200, which the demo never exceeds).</summary>
    private static async Task<List<string>> ApiNumbersAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/agreements{query}{(query.Contains('?', StringComparison.Ordinal) ? '&' : '?')}size=200");
        var numbers = page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("number").GetString()!).ToList();
        Assert.Equal(page.GetProperty("total").GetInt32(), numbers.Count);
        return numbers;
    }

    /// <summary>The workbook's sheet as rows of header → value, and the header row itself.</summary>
    private static async Task<(List<IDictionary<string, object>> Rows, List<string> Header)> XlsxAsync(HttpResponseMessage response, string? sheet = null)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var header = ((IDictionary<string, object>)stream.Query(sheetName: sheet).First()).Values.Select(v => v?.ToString() ?? "").ToList();
        stream.Position = 0;
        var rows = stream.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object>>().ToList();
        return (rows, header);
    }

    private static string Today => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

    [Fact]
    public async Task The_agreement_list_pages_sorts_and_filters_by_chinese_names_in_the_address()
    {
        using var city = await web.SignedInAsync("qy.city");
        var all = await ApiNumbersAsync(city, "?sort=start&dir=desc");
        Assert.True(all.Count > 20, $"the demo should fill more than one page, has {all.Count}");
        var pages = (all.Count + 19) / 20;

        var first = await city.GetStringAsync("/agreements?sort=start&dir=desc");
        Assert.Contains($"共 {all.Count} 份", first);
        Assert.Contains($"第 1 页 / 共 {pages} 页", first);
        // The page links keep the order; page 2 continues exactly where page 1 stopped.
        Assert.Contains("href=\"/agreements?sort=start&amp;dir=desc&amp;page=2\"", first);
        var second = await city.GetStringAsync("/agreements?sort=start&dir=desc&page=2");
        Assert.Contains($"第 2 页 / 共 {pages} 页", second);
        Assert.Equal(all.Take(40), Numbers(first).Concat(Numbers(second)));
        Assert.Equal(all.Take(50), Numbers(await city.GetStringAsync("/agreements?sort=start&dir=desc&size=50")));
        // The header shows the order and offers the reverse.
        Assert.Matches("<th aria-sort=\"descending\"><a href=\"/agreements\\?sort=start&amp;dir=asc\"[^>]*>期限 ▼</a></th>", first);
        var byNumber = await ApiNumbersAsync(city, "");
        Assert.Equal(byNumber.OrderBy(n => n, StringComparer.Ordinal), byNumber);

        // 状态 is a dropdown of Chinese titles; the address may carry the id (from the dropdown) or the title.
        var active = await city.GetStringAsync("/agreements?state=active&size=100");
        Assert.Contains("<option value=\"active\" selected=\"selected\">履行中</option>", active);
        Assert.DoesNotContain("如 active", active);
        var byTitle = await city.GetStringAsync("/agreements?state=履行中&size=100");
        Assert.NotEmpty(Numbers(byTitle));
        Assert.Equal(Numbers(active), Numbers(byTitle));
        Assert.Equal(await ApiNumbersAsync(city, "?state=active"), await ApiNumbersAsync(city, "?state=" + Uri.EscapeDataString("履行中")));

        // 县（市、区） is a dropdown of names; a name in the address works like the code.
        Assert.Contains("<option value=\"lianzhou\">连州市</option>", first);
        var lianzhou = Numbers(await city.GetStringAsync("/agreements?county=lianzhou&size=100"));
        Assert.NotEmpty(lianzhou);
        Assert.Equal(lianzhou, Numbers(await city.GetStringAsync("/agreements?county=" + Uri.EscapeDataString("连州市") + "&size=100")));
        Assert.True(lianzhou.Count < all.Count);
        Assert.Matches("<option value=\"2025\">2025 年</option>", first);
    }

    [Fact]
    public async Task The_agreement_export_holds_every_row_of_the_same_list_in_the_same_order_with_chinese_headers()
    {
        using var city = await web.SignedInAsync("qy.city");
        var expected = await ApiNumbersAsync(city, "?sort=title&dir=desc");
        Assert.True(expected.Count > 20);
        var response = await city.GetAsync("/api/v1/exports/agreements?sort=title&dir=desc&page=2&size=20");
        Assert.Equal($"协议列表-{Today}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var (rows, header) = await XlsxAsync(response);
        Assert.Equal(["编号", "项目", "名称", "状态", "开始日期", "结束日期", "参与方", "县（市、区）"], header);
        Assert.Equal(expected, rows.Select(r => r["编号"].ToString()));
        // Names, not codes, in every cell but the number.
        foreach (var row in rows)
            foreach (var column in header.Skip(1))
                Assert.DoesNotMatch("[A-Za-z]{2,}|QY-", row[column]?.ToString() ?? "");
        Assert.Contains(rows, r => r["状态"].ToString() == "履行中" && r["参与方"].ToString()!.Contains("清远市第一中学"));

        // The page's export link is the list's own address under /api/v1/exports, without the page.
        var page = await city.GetStringAsync("/agreements?state=active&county=lianzhou&page=1");
        var link = ExportLink().Match(page).Groups[1].Value.Replace("&amp;", "&");
        Assert.Equal("/api/v1/exports/agreements?state=active&county=lianzhou", link);
        var (filtered, _) = await XlsxAsync(await city.GetAsync(link));
        Assert.Equal(await ApiNumbersAsync(city, "?state=active&county=lianzhou"), filtered.Select(r => r["编号"].ToString()));
        Assert.All(filtered, r => Assert.Contains("连州", r["县（市、区）"].ToString()));
    }

    [Fact]
    public async Task A_school_exports_exactly_its_own_list_and_no_compliance()
    {
        using var school = await web.SignedInAsync("qy.g01");
        var own = await ApiNumbersAsync(school, "");
        Assert.NotEmpty(own);
        var (rows, _) = await XlsxAsync(await school.GetAsync("/api/v1/exports/agreements"));
        Assert.Equal(own, rows.Select(r => r["编号"].ToString()));
        Assert.All(rows, r => Assert.Contains("清远市第一中学", r["参与方"].ToString()));
        Assert.DoesNotContain(rows, r => r["编号"].ToString() == "441800-TG-2024-002");
        // Naming another school in the address narrows its own list; it never widens it.
        var (other, _) = await XlsxAsync(await school.GetAsync("/api/v1/exports/agreements?institution=QY-G02"));
        Assert.Empty(other);
        Assert.Equal(HttpStatusCode.Forbidden, (await school.GetAsync("/api/v1/exports/compliance")).StatusCode);
        using var anonymous = await web.SignedInAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/exports/agreements")).StatusCode);
    }

    [Fact]
    public async Task The_report_list_pages_and_exports_the_same_rows()
    {
        using var county = await web.SignedInAsync("qy.qingcheng");
        var html = await county.GetStringAsync("/reports?scope=all&sort=number");
        var total = int.Parse(ReportTotal().Match(html).Groups[1].Value);
        Assert.True(total > 20, $"all reports of 清城区's agreements should fill pages, has {total}");
        Assert.Contains("第 1 页 / 共", html);
        Assert.Contains("第一学期", html);                                   // periods by name, not 2024-2025-1
        Assert.DoesNotMatch(">\\s*\\d{4}-\\d{4}-\\d\\s*<", html);
        var (rows, header) = await XlsxAsync(await county.GetAsync("/api/v1/exports/reports?scope=all&sort=number"));
        Assert.Equal(["协议编号", "协议名称", "项目", "事项", "周期", "状态", "截止日期", "是否逾期", "待我处理", "县（市、区）"], header);
        Assert.Equal(total, rows.Count);
        Assert.Equal(rows.Select(r => r["协议编号"].ToString()).Order(StringComparer.Ordinal), rows.Select(r => r["协议编号"].ToString()));
        Assert.All(rows, r => Assert.Contains("清城区", r["县（市、区）"].ToString()));

        // The default view is the user's own work; 待审核 narrows it to the review queue.
        var (mine, _) = await XlsxAsync(await county.GetAsync("/api/v1/exports/reports"));
        Assert.All(mine, r => Assert.NotEqual("否", r["待我处理"].ToString()));
        Assert.True(mine.Count < rows.Count);
    }

    [Fact]
    public async Task The_registry_pages_exports_and_offers_its_import_templates()
    {
        using var city = await web.SignedInAsync("qy.city");
        var html = await city.GetStringAsync("/registry?county=lianzhou&sort=name&dir=desc");
        var total = int.Parse(RegistryTotal().Match(html).Groups[1].Value);
        Assert.Contains("第 1 页 / 共", html);
        var (rows, header) = await XlsxAsync(await city.GetAsync("/api/v1/exports/institutions?county=lianzhou&sort=name&dir=desc"));
        Assert.Equal(["代码", "名称", "城市", "县区", "学段", "标签"], header);
        Assert.Equal(total, rows.Count);
        Assert.All(rows, r => Assert.Equal("连州市", r["县区"].ToString()));
        Assert.Equal(rows.Select(r => r["名称"].ToString()).OrderDescending(StringComparer.Ordinal), rows.Select(r => r["名称"].ToString()));

        Assert.Contains("/registry?handler=Template&amp;format=xlsx", html);
        var csv = await city.GetByteArrayAsync("/registry?handler=Template&format=csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.StartsWith("代码,名称,城市,县区,学段,标签", Encoding.UTF8.GetString(csv[3..]));
        var (template, templateHeader) = await XlsxAsync(await city.GetAsync("/registry?handler=Template&format=xlsx"));
        Assert.Equal(["代码", "名称", "城市", "县区", "学段", "标签"], templateHeader);
        Assert.Equal("清远市", Assert.Single(template)["城市"].ToString());
    }

    [Fact]
    public async Task A_gbk_list_previews_decoded_and_a_broken_quote_names_its_row_leaving_no_file_behind()
    {
        using var city = await web.SignedInAsync("qy.city");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes("代码,名称,城市,县区,学段,标签\nQY-K01,英德市浛洸镇第二小学,清远市,英德市,小学,\n");
        var uploads = Directory.EnumerateFiles(Path.GetTempPath(), "pairing-import-*").ToHashSet();

        var preview = await (await WebWorld.PostFormAsync(city, "/registry", [], [("file", "名录.csv", gbk)], action: "/registry?handler=Preview"))
            .Content.ReadAsStringAsync();
        Assert.Contains("已按 GB18030（GBK）读取", preview);
        Assert.Contains("<th>行</th><th>代码</th><th>名称</th><th>县区</th><th>学段</th><th>标签</th><th>新增/更新</th>", preview);
        Assert.Matches("<td>2</td><td>QY-K01</td><td>英德市浛洸镇第二小学</td><td>英德市</td><td>小学</td><td></td>\\s*<td>新增</td>", preview);
        Assert.Contains("将新增 1", preview);
        // The clean preview's file waits for the commit, and the commit removes it.
        var token = Regex.Match(preview, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Single(Directory.EnumerateFiles(Path.GetTempPath(), "pairing-import-*"), f => !uploads.Contains(f));
        await WebWorld.PostFormAsync(city, "/registry", [("token", token)], action: "/registry?handler=Commit");
        Assert.Contains("英德市浛洸镇第二小学", await city.GetStringAsync("/registry?search=QY-K01"));

        var broken = Encoding.UTF8.GetBytes("代码,名称,城市,县区,学段,标签\nQY-K02,英城小学,清远市,英德市,小学,\nQY-K03,\"北湖小学,清远市,连州市,小学,\nQY-K04,某校,清远市,连州市,小学,\n");
        var refused = await (await WebWorld.PostFormAsync(city, "/registry", [], [("file", "名录.csv", broken)], action: "/registry?handler=Preview"))
            .Content.ReadAsStringAsync();
        Assert.Matches("<tr><td>3</td><td>名称</td><td>引号没有结束", refused);
        Assert.DoesNotContain("未知城市", refused);
        Assert.DoesNotContain("name=\"token\"", refused);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.GetTempPath(), "pairing-import-*"), f => !uploads.Contains(f));
    }

    [GeneratedRegex("href=\"/agreements/(\\d{6}-[A-Z]+-\\d{4}-\\d{3})\"")]
    private static partial Regex AgreementLink();

    [GeneratedRegex("<p class=\"export\"><a href=\"([^\"]+)\"")]
    private static partial Regex ExportLink();

    [GeneratedRegex("共 (\\d+) 项")]
    private static partial Regex ReportTotal();

    [GeneratedRegex("共 (\\d+) 所")]
    private static partial Regex RegistryTotal();
}
