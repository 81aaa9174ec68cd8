using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pairing.Web.Tests;

/// <summary>Targets measured on a chosen day, on the dashboard and through the API, and a renewal drafted from the
/// agreement page's API by a party's staff only.</summary>
[Collection(WebCollection.Name)]
public sealed class TermsAndRenewalTests(WebWorld web)
{
    [Fact]
    public async Task The_dashboard_and_the_api_measure_targets_on_the_day_asked()
    {
        using var city = await web.SignedInAsync("qy.city");
        Assert.Contains("9/9 已达标", await city.GetStringAsync("/dashboard"));
        // The demo trusteeships run to 2027-07-31: the day after, none of them counts.
        var later = await city.GetStringAsync("/dashboard?asOf=2027-08-01");
        Assert.Contains("0/9 未达标", later);
        Assert.Contains("2027年8月1日", later);
        Assert.Contains("value=\"2027-08-01\"", later);

        var measured = await city.GetFromJsonAsync<JsonElement>("/api/v1/compliance?asOf=2027-07-31");
        var trusteeship = measured[0].GetProperty("programs").EnumerateArray().Single(p => p.GetProperty("program").GetString() == "county-trusteeship");
        Assert.Equal(9, trusteeship.GetProperty("actual").GetInt32());
        Assert.Equal("2027-07-31", measured[0].GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task Only_a_party_s_staff_renews_and_only_once()
    {
        const string number = "441800-TG-2024-005";
        using var school = await web.SignedInAsync("qy.c05");
        var detail = await school.GetFromJsonAsync<JsonElement>($"/api/v1/agreements/{number}");
        Assert.True(detail.GetProperty("renewal").GetProperty("canRenew").GetBoolean());
        var county = detail.GetProperty("summary").GetProperty("parties").EnumerateArray().First(p => p.GetProperty("code").GetString() == "QY-C05")
            .GetProperty("county").GetString();

        using var stranger = await web.SignedInAsync("qy.c06");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/agreements/{number}/renewal", null)).StatusCode);
        using var bureau = await web.SignedInAsync($"qy.{county}");
        Assert.Equal(HttpStatusCode.Forbidden, (await bureau.PostAsync($"/api/v1/agreements/{number}/renewal", null)).StatusCode);

        var created = await school.PostAsync($"/api/v1/agreements/{number}/renewal", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var renewal = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2027-08-01", renewal.GetProperty("termStart").GetString());
        Assert.Equal("2030-07-31", renewal.GetProperty("termEnd").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await school.PostAsync($"/api/v1/agreements/{number}/renewal", null)).StatusCode);

        var page = await school.GetStringAsync($"/agreements/{number}");
        Assert.Contains($"已续签为 <a href=\"/agreements/{renewal.GetProperty("number").GetString()}\"", page);
        Assert.DoesNotContain("起草续签协议", page);
        Assert.Contains($"续签自 <a href=\"/agreements/{number}\"", await school.GetStringAsync($"/agreements/{renewal.GetProperty("number").GetString()}"));
    }

    [Fact]
    public async Task A_county_bureau_records_its_budget_a_school_may_not_and_a_bad_line_is_named()
    {
        static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
        const string body = """{"program":"labour-education","year":2025,"line":"2050202 小学教育","amount":30000,"document":"连财预〔2025〕2号"}""";
        using var school = await web.SignedInAsync("qy.c05");
        Assert.Equal(HttpStatusCode.Forbidden, (await school.PostAsync("/api/v1/budgets", Json(body))).StatusCode);

        using var county = await web.SignedInAsync("qy.lianzhou");
        var bad = await county.PostAsync("/api/v1/budgets", Json(body.Replace("2050202 小学教育", "学校自筹")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("line", out _));
        var created = await county.PostAsync("/api/v1/budgets", Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("lianzhou", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("county").GetString());
        Assert.Contains("连财预〔2025〕2号", await school.GetStringAsync("/budgets"));
    }
}
