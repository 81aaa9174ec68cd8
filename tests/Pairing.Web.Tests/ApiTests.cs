using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pairing.Web.Tests;

/// <summary>The REST API for other bureau systems: drafting, actions with idempotency keys, version conflicts,
/// problem details that name the field, documents and verification.</summary>
[Collection(WebCollection.Name)]
public sealed class ApiTests(WebWorld web)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_school_drafts_submits_and_the_bureau_approves_through_the_api()
    {
        using var school = await web.SignedInAsync("qy.c10");
        var created = await school.PostAsync("/api/v1/agreements", Json("""
            {"program":"university-partnership","title":"华南师范大学帮扶连州市连州第三中学协议","termStart":"2025-09-01","termEnd":"2026-07-31",
             "parties":[{"institutionCode":"QY-U01","role":"university","signatory":"qy.u01.sign"},{"institutionCode":"QY-C10","role":"school"}],
             "goals":"提升教师科研能力","focusAreas":["课程建设"]}
            """));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var number = JsonDocument.Parse(body).RootElement.GetProperty("number").GetString()!;
        Assert.Equal($"/api/v1/agreements/{number}", created.Headers.Location?.ToString());

        // An action needs an idempotency key; a repeated key returns the first outcome.
        var noKey = await Problem(await school.PostAsync($"/api/v1/agreements/{number}/actions", Json("""{"action":"submit"}""")), HttpStatusCode.BadRequest);
        Assert.True(noKey.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        HttpRequestMessage Submit() => new(HttpMethod.Post, $"/api/v1/agreements/{number}/actions")
        { Content = Json("""{"action":"submit"}"""), Headers = { { "Idempotency-Key", $"submit-{number}" } } };
        var first = await school.SendAsync(Submit());
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        var again = await (await school.SendAsync(Submit())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(again.GetProperty("repeated").GetBoolean());

        // The detail offers each account what the policy allows, as objects a client renders without knowing ids:
        // the county may approve (primary) or return (a reason required); the school, now waiting, nothing.
        using var reviewer = await web.SignedInAsync("qy.lianzhou");
        var offered = (await reviewer.GetFromJsonAsync<JsonElement>($"/api/v1/agreements/{number}")).GetProperty("actions").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => (Style: a.GetProperty("style").GetString(), Reason: a.GetProperty("needsComment").GetBoolean()));
        Assert.Equal(("Primary", false), offered["approve"]);
        Assert.Equal(("Secondary", true), offered["return"]);
        Assert.Empty((await school.GetFromJsonAsync<JsonElement>($"/api/v1/agreements/{number}")).GetProperty("actions").EnumerateArray());

        // A stale version is a 409; the wrong role a 403 naming the actor.
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{number}/actions")
        { Content = Json("""{"action":"approve","expectedVersion":1}"""), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } };
        using var county = await web.SignedInAsync("qy.lianzhou");
        var conflict = await Problem(await county.SendAsync(stale), HttpStatusCode.Conflict);
        Assert.True(conflict.GetProperty("errors").TryGetProperty("version", out _));
        var wrongRole = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{number}/actions")
        { Content = Json("""{"action":"approve"}"""), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } };
        await Problem(await school.SendAsync(wrongRole), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_naming_the_field()
    {
        using var school = await web.SignedInAsync("qy.g01");
        var malformed = await Problem(await school.PostAsync("/api/v1/agreements", Json("""{"program":"county-trusteeship","termStart":"not a date"}""")), HttpStatusCode.BadRequest);
        Assert.True(malformed.GetProperty("errors").TryGetProperty("termStart", out _), malformed.ToString());
        var unknown = await Problem(await school.PostAsync("/api/v1/agreements", Json("""
            {"program":"space-program","title":"x","termStart":"2025-09-01","termEnd":"2026-07-31","parties":[]}
            """)), HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("program", out _));
        var notJson = await school.PostAsync("/api/v1/agreements", new StringContent("program=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);

        // Malformed query values are named too.
        using var city = await web.SignedInAsync("qy.city");
        foreach (var (url, field) in new[] { ("/api/v1/compliance?asOf=2027-13-01", "asOf"), ("/api/v1/agreements?year=twenty", "year"),
                     ("/api/v1/indicators?from=yesterday", "from"), ("/api/v1/budgets?year=2024a", "year") })
            Assert.True((await Problem(await city.GetAsync(url), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _), url);
    }

    [Fact]
    public async Task Collections_come_in_pages_with_the_total_and_every_row_exactly_once()
    {
        using var city = await web.SignedInAsync("qy.city");
        var all = (await city.GetFromJsonAsync<JsonElement>("/api/v1/agreements?size=200&sort=title")).GetProperty("items").EnumerateArray()
            .Select(a => a.GetProperty("number").GetString()!).ToList();
        Assert.True(all.Count > 12, $"{all.Count} agreements in the demo city");
        var pages = new List<string>();
        for (var page = 1; ; page++)
        {
            var body = await city.GetFromJsonAsync<JsonElement>($"/api/v1/agreements?size=5&page={page}&sort=title");
            Assert.Equal(all.Count, body.GetProperty("total").GetInt32());
            Assert.Equal((page, 5), (body.GetProperty("page").GetInt32(), body.GetProperty("size").GetInt32()));
            pages.AddRange(body.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("number").GetString()!));
            if (page * 5 >= all.Count) break;
        }
        // The pages together are the list in its order: nothing twice, nothing left out.
        Assert.Equal(all, pages);
        var past = await city.GetFromJsonAsync<JsonElement>("/api/v1/agreements?size=5&page=999");
        Assert.Equal((all.Count + 4) / 5, past.GetProperty("page").GetInt32());

        // A school's total counts only its own agreements.
        using var school = await web.SignedInAsync("qy.g01");
        var mine = await school.GetFromJsonAsync<JsonElement>("/api/v1/agreements");
        Assert.Equal(mine.GetProperty("items").GetArrayLength(), mine.GetProperty("total").GetInt32());
        Assert.True(mine.GetProperty("total").GetInt32() < all.Count);

        foreach (var (url, field) in new[] { ("/api/v1/agreements?page=0", "page"), ("/api/v1/agreements?page=x", "page"), ("/api/v1/agreements?size=201", "size"),
                     ("/api/v1/reports?size=0", "size"), ("/api/v1/tasks?page=-1", "page"), ("/api/v1/institutions?size=abc", "size"),
                     ("/api/v1/notifications?page=99999999999", "page") })
            Assert.True((await Problem(await city.GetAsync(url), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _), url);
        foreach (var collection in new[] { "reports?scope=all", "tasks", "institutions", "notifications" })
        {
            var body = await city.GetFromJsonAsync<JsonElement>($"/api/v1/{collection}{(collection.Contains('?') ? '&' : '?')}size=3");
            Assert.True(body.GetProperty("items").GetArrayLength() <= 3, collection);
            Assert.True(body.GetProperty("total").GetInt32() >= body.GetProperty("items").GetArrayLength(), collection);
        }
    }

    [Fact]
    public async Task Anyone_can_verify_a_signed_agreement_and_an_altered_copy_fails()
    {
        using var school = await web.SignedInAsync("qy.g01");
        var pdf = await school.GetByteArrayAsync("/api/v1/agreements/441800-TG-2024-001/document");
        using var anonymous = await web.SignedInAsync(null);
        async Task<JsonElement> Verify(byte[] bytes)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "agreement.pdf" } };
            var response = await anonymous.PostAsync("/api/v1/verify", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }
        var ok = await Verify(pdf);
        Assert.Equal("final", ok.GetProperty("kind").GetString());
        Assert.StartsWith("真实有效且为最终版本", ok.GetProperty("verdict").GetString());
        Assert.Equal("441800-TG-2024-001", ok.GetProperty("record").GetProperty("number").GetString());
        Assert.Equal(3, ok.GetProperty("signatures").GetArrayLength());
        Assert.All(ok.GetProperty("signatures").EnumerateArray(), s => Assert.True(s.GetProperty("trusted").GetBoolean()));

        // The seal cut off: still signed by both schools, but not the final version, and it says what is missing.
        var sealedAt = Pairing.Documents.Signing.PdfSignatureVerifier.Verify(pdf)[1].RevisionLength;
        var cut = await Verify(pdf[..(int)sealedAt]);
        Assert.Equal("incomplete", cut.GetProperty("kind").GetString());
        Assert.Contains("平台封存", cut.GetProperty("reason").GetString());

        var at = Encoding.Latin1.GetString(pdf).IndexOf("/Producer", StringComparison.Ordinal);
        pdf[at + 12] ^= 0x01;
        var altered = await Verify(pdf);
        Assert.Equal("invalid", altered.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, altered.GetProperty("record").ValueKind);

        var notPdf = await anonymous.PostAsync("/api/v1/verify", new MultipartFormDataContent { { new ByteArrayContent("hello"u8.ToArray()), "file", "x.pdf" } });
        var problem = await Problem(notPdf, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task The_qr_address_shows_the_record_only_with_the_hash_printed_on_the_document()
    {
        await using var db = web.App.Db();
        var agreement = db.Agreements.Single(a => a.Number == "441800-TG-2024-001");
        var hash = db.AgreementRevisions.Single(r => r.AgreementId == agreement.Id && r.Number == 1).ContentHash;
        using var anonymous = await web.SignedInAsync(null);
        var withKey = await anonymous.GetStringAsync($"/verify/441800-TG-2024-001/1?h={hash[..16]}");
        Assert.Contains(agreement.Title, withKey);
        Assert.Contains("平台已封存", withKey);
        // A guessed number alone, or a wrong key, reveals nothing.
        foreach (var url in new[] { "/verify/441800-TG-2024-001/1", "/verify/441800-TG-2024-001/1?h=0000000000000000" })
        {
            var page = await anonymous.GetStringAsync(url);
            Assert.DoesNotContain(agreement.Title, page);
            Assert.Contains("没有与这个核验编号和摘要相符", page);
        }
    }

    [Fact]
    public async Task Sign_in_locks_out_after_repeated_failures_and_pages_carry_security_headers()
    {
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
        {
            var form = await client.GetStringAsync("/Account/Login");
            await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["UserName"] = "qy.g09", ["Password"] = "wrong-password", ["__RequestVerificationToken"] = WebWorld.Token(form) }));
        }
        var page = await client.GetStringAsync("/Account/Login");
        var locked = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["UserName"] = "qy.g09", ["Password"] = Hosting.WebSetup.DemoPassword, ["__RequestVerificationToken"] = WebWorld.Token(page) }));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains(Pages.Account.LoginModel.LockedOut, await locked.Content.ReadAsStringAsync());

        // A form posted without its antiforgery token is refused.
        var forged = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "qy.g01", ["Password"] = Hosting.WebSetup.DemoPassword }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var response = await client.GetAsync("/verify");
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
