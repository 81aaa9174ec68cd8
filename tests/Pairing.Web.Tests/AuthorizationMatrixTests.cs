using System.Net;

namespace Pairing.Web.Tests;

/// <summary>Every route as every kind of user: who gets the content, who is told it does not exist, who must sign in.</summary>
[Collection(WebCollection.Name)]
public sealed class AuthorizationMatrixTests(WebWorld web)
{
    private const string Agreement = "441800-TG-2024-001";   // 清远市第一中学 (清城区) supports 连山中学 (连山县)

    // Users: anonymous, a party's staff, a party's signatory, another school, the county of a party, another county,
    // the city bureau, the administrator.
    private static readonly string?[] Users = [null, "qy.g01", "qy.c01.sign", "qy.g02", "qy.lianshan", "qy.yingde", "qy.city", "qy.admin"];

    public static TheoryData<string, string> Routes => new()
    {
        // route, expected status per user in the order of Users: A = 200, N = 404, F = 403, L = sign-in required
        { "/", "LAAAAAAA" },
        { "/agreements", "LAAAAAAA" },
        { $"/agreements/{Agreement}", "LAANANAA" },
        { $"/agreements/{Agreement}?handler=Document", "LAANANAA" },
        { $"/agreements/{Agreement}?handler=Cycle&cycle=2024-2025-1", "LAANANAA" },
        { $"/agreements/{Agreement}/cycles/2024-2025-1", "LAANANAA" },
        { "/agreements/new?program=county-trusteeship", "LAAAFFFF" },
        { "/reports", "LAAAAAAA" },
        { "/dashboard", "LFFFAAAA" },
        { "/dashboard?county=lianshan", "LFFFAAAA" },
        { "/workflows", "LAAAAAAA" },
        { "/workflows/county-trusteeship.qingyuan/6", "LAAAAAAA" },
        { "/workflows/no-such-workflow/1", "LNNNNNNN" },
        { "/registry", "LAAAAAAA" },
        { "/verify", "AAAAAAAA" },
        { $"/verify/{Agreement}/1", "AAAAAAAA" },
        { "/verify/ca", "AAAAAAAA" },
        { "/verify/ca.pem", "AAAAAAAA" },
        { "/verify/ca.crt", "AAAAAAAA" },
        { "/api/v1/me", "LAAAAAAA" },
        { "/api/v1/agreements", "LAAAAAAA" },
        { $"/api/v1/agreements/{Agreement}", "LAANANAA" },
        { $"/api/v1/agreements/{Agreement}/document", "LAANANAA" },
        { $"/api/v1/agreements/{Agreement}/cycles/2024-2025-1/document", "LAANANAA" },
        { $"/api/v1/agreements/{Agreement}/cycles/2024-2025-1", "LAANANAA" },
        { "/api/v1/tasks", "LAAAAAAA" },
        { "/api/v1/notifications", "LAAAAAAA" },
        { "/api/v1/institutions", "LAAAAAAA" },
        { "/api/v1/compliance", "LFFFAAAA" },
        { "/api/v1/compliance?asOf=2027-08-01", "LFFFAAAA" },
        { "/api/v1/indicators", "LFFFAAAA" },
        { "/api/v1/budgets", "LAAAAAAA" },
        { "/budgets", "LAAAAAAA" },
        { "/api/v1/openapi.json", "AAAAAAAA" },
        { "/api/v1/reports?scope=all", "LAAAAAAA" },
        { "/api/v1/exports/agreements", "LAAAAAAA" },
        { "/api/v1/exports/reports", "LAAAAAAA" },
        { "/api/v1/exports/institutions", "LAAAAAAA" },
        { "/api/v1/exports/compliance", "LFFFAAAA" },
        { "/api/v1/exports/compliance?county=lianshan", "LFFFAAAA" },
        { "/registry?handler=Template&format=xlsx", "LAAAAAAA" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_user_gets_exactly_what_their_scope_allows(string route, string expected)
    {
        var actual = "";
        foreach (var user in Users)
        {
            using var client = await web.SignedInAsync(user);
            var response = await client.GetAsync(route);
            actual += response.StatusCode switch
            {
                HttpStatusCode.OK => 'A',
                HttpStatusCode.NotFound => 'N',
                HttpStatusCode.Forbidden => 'F',
                HttpStatusCode.Unauthorized => 'L',
                HttpStatusCode.Redirect when response.Headers.Location?.ToString().Contains("/Account/Login") == true => 'L',
                var other => throw new Xunit.Sdk.XunitException($"{route} as {user ?? "anonymous"}: {(int)other}"),
            };
        }
        Assert.Equal(expected, actual);
    }

    /// <summary>Posting an action: anonymous callers must sign in, users outside the agreement's scope are told it does
    /// not exist, users inside reach the workflow (which refuses an action the state does not have with 409).</summary>
    [Theory]
    [InlineData("/api/v1/agreements/" + Agreement + "/actions", "LCCNCNCC")]
    [InlineData("/api/v1/agreements/" + Agreement + "/cycles/2024-2025-1/actions", "LCCNCNCC")]
    public async Task Actions_are_scoped_like_pages(string route, string expected)
    {
        var actual = "";
        foreach (var user in Users)
        {
            using var client = await web.SignedInAsync(user);
            var request = new HttpRequestMessage(HttpMethod.Post, route) { Headers = { { "Idempotency-Key", Guid.NewGuid().ToString("N") } } };
            request.Content = route.Contains("/cycles/")
                ? new MultipartFormDataContent { { new StringContent("no-such-action"), "action" } }
                : new StringContent("""{"action":"no-such-action"}""", System.Text.Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            actual += response.StatusCode switch
            {
                HttpStatusCode.Conflict => 'C',
                HttpStatusCode.NotFound => 'N',
                HttpStatusCode.Unauthorized => 'L',
                var other => throw new Xunit.Sdk.XunitException($"{route} as {user ?? "anonymous"}: {(int)other} {await response.Content.ReadAsStringAsync()}"),
            };
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Lists_hold_only_what_the_user_may_see()
    {
        using var other = await web.SignedInAsync("qy.g02");
        var list = await other.GetStringAsync("/api/v1/agreements");
        Assert.DoesNotContain(Agreement, list);
        using var city = await web.SignedInAsync("qy.city");
        Assert.Contains(Agreement, await city.GetStringAsync($"/api/v1/agreements?search={Agreement}"));
        var page = await city.GetStringAsync("/agreements?program=county-trusteeship");
        Assert.Contains(Agreement, page);
        Assert.DoesNotContain("441800-LD-2024-001", page);
    }
}
