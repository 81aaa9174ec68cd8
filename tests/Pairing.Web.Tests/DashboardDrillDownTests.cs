using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using Pairing.Web.Charts;

namespace Pairing.Web.Tests;

/// <summary>The dashboard as a bureau reads it: every county bar and school bar leads to exactly the agreements it
/// counts, a county view shows the county's own figures (and says plainly when a number is the city's), the verdict
/// badges are equally strong, the target line stays off the labels, and the same figures export to Excel.</summary>
[Collection(WebCollection.Name)]
public sealed partial class DashboardDrillDownTests(WebWorld web)
{
    private static string Section(string html, string program) =>
        html.Split("<section class=\"card\">").Single(s => s.Contains($"<h2>{program}", StringComparison.Ordinal));

    private static async Task<JsonElement> ComplianceAsync(HttpClient client, string program) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance"))[0].GetProperty("programs").EnumerateArray()
            .First(p => p.GetProperty("program").GetString() == program);

    private static async Task<List<JsonElement>> AgreementsBehindAsync(HttpClient client, string href)
    {
        var url = WebUtility.HtmlDecode(href);
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}size=200");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(page.GetProperty("total").GetInt32(), items.Count);
        return items;
    }

    [Fact]
    public async Task Each_county_bar_leads_to_exactly_the_agreements_it_counts()
    {
        using var city = await web.SignedInAsync("qy.city");
        var html = await city.GetStringAsync("/dashboard");
        var day = Regex.Match(html, "name=\"asOf\" value=\"([0-9-]+)\"").Groups[1].Value;
        var communities = Section(html, "城乡教育共同体");
        var measured = await ComplianceAsync(city, "urban-rural-community");
        var counted = 0;
        foreach (var county in measured.GetProperty("details").EnumerateArray())
        {
            var code = county.GetProperty("code").GetString();
            var href = $"/agreements?city=qingyuan&amp;program=urban-rural-community&amp;county={code}&amp;role=lead&amp;live={day}";
            Assert.Contains($"<a href=\"{href}\">", communities);
            var behind = await AgreementsBehindAsync(city, href);
            Assert.Equal(county.GetProperty("count").GetInt32(), behind.Count);
            counted += behind.Count;
            // The list page says what it was narrowed to, in words.
            if (behind.Count > 0)
                Assert.Contains($"来自看板：仅列出牵头校在{county.GetProperty("name").GetString()}的", await city.GetStringAsync(WebUtility.HtmlDecode(href)));
        }
        Assert.True(counted > 0);

        // Each labour lead's bar leads to its agreements, whose partners are the ones counted.
        var labour = await ComplianceAsync(city, "labour-education");
        var lead = labour.GetProperty("details").EnumerateArray().First(d => d.GetProperty("count").GetInt32() > 0);
        var leadHref = $"/agreements?city=qingyuan&amp;program=labour-education&amp;institution={lead.GetProperty("code").GetString()}&amp;role=lead&amp;live={day}";
        Assert.Contains($"<a href=\"{leadHref}\">", Section(html, "劳动教育结对共建"));
        var partners = (await AgreementsBehindAsync(city, leadHref)).SelectMany(a => a.GetProperty("parties").EnumerateArray())
            .Where(p => p.GetProperty("role").GetString() == "partner").Select(p => p.GetProperty("code").GetString()).Distinct().Count();
        Assert.Equal(lead.GetProperty("count").GetInt32(), partners);

        // A county's overdue reports lead to exactly those reports, the state chosen in the report list's dropdown.
        var overdue = Regex.Match(html, "<a href=\"(/reports\\?scope=all&amp;state=overdue&amp;county=\\w+)\"><text[^>]*>[^<]*</text><rect[^>]*><title>[^：]*：(\\d+)");
        Assert.True(overdue.Success, "a county with overdue reports links to them");
        var reports = await city.GetStringAsync(WebUtility.HtmlDecode(overdue.Groups[1].Value));
        Assert.Contains($"共 {overdue.Groups[2].Value} 项", reports);
        Assert.Contains("<option value=\"overdue\" selected=\"selected\">已逾期或评估逾期</option>", reports);

        // The trusteeship bar: the nine live pairs.
        var pairs = await AgreementsBehindAsync(city, $"/agreements?city=qingyuan&amp;program=county-trusteeship&amp;live={day}");
        Assert.Equal((await ComplianceAsync(city, "county-trusteeship")).GetProperty("actual").GetInt32(), pairs.Count);
    }

    [Fact]
    public async Task A_county_view_shows_the_county_s_own_figures_and_names_city_wide_ones()
    {
        using var city = await web.SignedInAsync("qy.city");
        var measured = await ComplianceAsync(city, "urban-rural-community");
        var qingcheng = measured.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "qingcheng");
        var html = await city.GetStringAsync("/dashboard?county=qingcheng");
        var communities = Section(html, "城乡教育共同体");
        var (count, goal) = (qingcheng.GetProperty("count").GetInt32(), qingcheng.GetProperty("goal").GetInt32());
        Assert.Contains($"{count}/{goal} {(count >= goal ? "已达标" : "未达标")}</span>", communities);
        Assert.Contains(">清城区</text>", communities);
        Assert.DoesNotContain(">全市</text>", communities);

        // The trusteeship target exists only for the city: its number stays the city's and says so.
        var trusteeship = Section(html, "县中托管帮扶");
        Assert.Contains("此目标只对全市设定，数字为全市合计；其中有清城区学校参与的", trusteeship);
        Assert.Contains(">全市</text>", trusteeship);
        // A labour lead outside 清城区 is not listed in 清城区's view.
        var labourCity = Section(await city.GetStringAsync("/dashboard"), "劳动教育结对共建");
        var labourCounty = Section(html, "劳动教育结对共建");
        Assert.True(Regex.Matches(labourCounty, "institution=").Count < Regex.Matches(labourCity, "institution=").Count);
    }

    [Fact]
    public async Task The_met_badge_is_as_strong_as_the_unmet_one()
    {
        using var city = await web.SignedInAsync("qy.city");
        var html = await city.GetStringAsync("/dashboard?asOf=2027-07-31");
        Assert.Contains("<span class=\"tag ok\">9/9 已达标</span>", html);
        Assert.Contains("<span class=\"tag danger\">", html);
        var css = await city.GetStringAsync("/site.css");
        Assert.Matches(@"\.tag\.ok \{ background: var\(--ok\); color: #fff; \}", css);
        Assert.Matches(@"\.tag\.danger \{ background: var\(--accent\); color: #fff; \}", css);
    }

    [Fact]
    public void The_target_line_runs_over_the_bars_only_and_no_value_label_crosses_it()
    {
        var svg = SvgBars.Render("测试", [new SvgBars.Bar("甲校", 2), new SvgBars.Bar("乙校", 12), new SvgBars.Bar("丙校", 10)], 10).ToString()!;
        var line = Regex.Match(svg, "<line class=\"target\" x1=\"(\\d+)\" y1=\"(\\d+)\" x2=\"\\d+\" y2=\"(\\d+)\"");
        var (x, top, bottom) = (int.Parse(line.Groups[1].Value), int.Parse(line.Groups[2].Value), int.Parse(line.Groups[3].Value));
        var rects = Regex.Matches(svg, "<rect x=\"\\d+\" y=\"(\\d+)\" width=\"\\d+\" height=\"(\\d+)\"").Select(m => (Y: int.Parse(m.Groups[1].Value), H: int.Parse(m.Groups[2].Value))).ToList();
        Assert.True(top <= rects.Min(r => r.Y) && bottom >= rects.Max(r => r.Y + r.H), "the line spans the bars");
        var label = Regex.Match(svg, "<text class=\"target\" x=\"\\d+\" y=\"(\\d+)\"[^>]*>目标 10</text>");
        Assert.True(label.Success && int.Parse(label.Groups[1].Value) - 12 >= bottom, "目标 10 is written below the line's end");
        // Values (“2/10”) start to the right of both their bar and the line.
        foreach (Match value in Regex.Matches(svg, "<text x=\"(\\d+)\" y=\"\\d+\" font-size=\"13\">\\d+/10</text>"))
            Assert.True(int.Parse(value.Groups[1].Value) > x, $"{value.Value} crosses the target line at x={x}");
        Assert.Equal(3, Regex.Matches(svg, "\\d+/10</text>").Count);
    }

    [Fact]
    public async Task The_compliance_export_holds_the_dashboard_s_figures_and_rows_for_the_same_county_and_day()
    {
        using var city = await web.SignedInAsync("qy.city");
        var response = await city.GetAsync("/api/v1/exports/compliance?county=qingcheng&asOf=2027-07-31");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("达标情况-清远市清城区-2027-07-31.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["达标情况", "明细"], stream.GetSheetNames());
        var targets = stream.Query(useHeaderRow: true, sheetName: "达标情况").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["项目", "指标", "范围", "实际", "目标", "是否达标", "依据", "说明"], targets[0].Keys);
        var html = await city.GetStringAsync("/dashboard?county=qingcheng&asOf=2027-07-31");
        Assert.Equal(Regex.Matches(html, "<section class=\"card\">\\s*<h2>").Count - 2, targets.Count);   // less overdue reports and states
        var trusteeship = targets.Single(t => t["项目"].ToString()!.StartsWith("县中托管帮扶", StringComparison.Ordinal));
        Assert.Equal(("全市", 9d, 9d, "是"), (trusteeship["范围"], Convert.ToDouble(trusteeship["实际"], CultureInfo.InvariantCulture),
            Convert.ToDouble(trusteeship["目标"], CultureInfo.InvariantCulture), trusteeship["是否达标"]));
        Assert.Equal("清城区", targets.Single(t => t["项目"].ToString()!.StartsWith("城乡教育共同体", StringComparison.Ordinal))["范围"]);
        stream.Position = 0;
        var details = stream.Query(useHeaderRow: true, sheetName: "明细").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["项目", "指标", "名称", "代码/编号", "数量", "目标", "是否达标", "说明"], details[0].Keys);
        Assert.DoesNotContain(details.SelectMany(d => d.Values), v => v?.ToString() is "qingcheng" or "lianzhou");
    }
}
