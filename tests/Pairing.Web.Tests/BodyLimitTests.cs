using System.Net;
using System.Text;
using System.Text.Json;

namespace Pairing.Web.Tests;

/// <summary>Bodies over a route's limit and bodies of the wrong type, through a real Kestrel server (the in-memory test
/// server enforces no size limit): 413 naming the field and the limit — a problem body in the API, a Chinese page
/// error on a page form — and 415 naming the type the route takes. Clients send "Expect: 100-continue", as curl does
/// for large uploads, so they read the refusal instead of pushing the rest of the body into a closed connection.</summary>
public sealed class BodyLimitTests(KestrelWorld world) : IClassFixture<KestrelWorld>
{
    private static readonly byte[] SixtyMegabytes = Pdf(60 * 1024 * 1024);

    private static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private async Task<HttpClient> ClientAsync(string? user)
    {
        var client = await world.SignedInAsync(user);
        client.DefaultRequestHeaders.ExpectContinue = true;
        return client;
    }

    private static async Task<(string Field, string Detail)> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        return (problem.GetProperty("errors").EnumerateObject().Single().Name, problem.GetProperty("detail").GetString()!);
    }

    private static async Task<string> PageErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return html;
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_a_413_problem_naming_the_field_and_the_limit()
    {
        using var school = await ClientAsync(SmallWorld.School);
        var evidence = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agreements/441800-GX-2025-001/cycles/2025-2026-1/actions")
        { Content = new MultipartFormDataContent { { new StringContent("submit"), "action" }, { new ByteArrayContent(SixtyMegabytes), "evidence", "签到表.pdf" } } };
        evidence.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(("evidence", "上传的内容过大：佐证文件最多 5 个，每个不能超过 10 MB"), await ProblemAsync(await school.SendAsync(evidence), HttpStatusCode.RequestEntityTooLarge));

        // 35 MB fits the request (five files of 10 MB) but not one file: that file is named.
        var one = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agreements/441800-GX-2025-001/cycles/2025-2026-1/actions")
        { Content = new MultipartFormDataContent { { new StringContent("submit"), "action" }, { new ByteArrayContent(Pdf(35 * 1024 * 1024)), "evidence", "签到表.pdf" } } };
        one.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var (field, detail) = await ProblemAsync(await school.SendAsync(one), HttpStatusCode.BadRequest);
        Assert.Equal("evidence", field);
        Assert.Equal("签到表.pdf 超过 10 MB 上限", detail);

        using var anyone = await ClientAsync(null);
        var verify = await anyone.PostAsync("/api/v1/verify", new MultipartFormDataContent { { new ByteArrayContent(SixtyMegabytes), "file", "协议.pdf" } });
        Assert.Equal(("file", "文件过大，上限 50 MB"), await ProblemAsync(verify, HttpStatusCode.RequestEntityTooLarge));

        // A JSON body sent without its length (chunked) is cut off at 1 MB by the server all the same.
        var json = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"ids\":[],\"all\":true,\"x\":\"{new string('x', 2 * 1024 * 1024)}\"}}")));
        json.Headers.ContentType = new("application/json");
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/v1/notifications/read") { Content = json };
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Equal(("body", "上传的内容过大：JSON 请求体不能超过 1 MB"), await ProblemAsync(await school.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge));
        var sized = await school.PostAsync("/api/v1/agreements", new StringContent(SmallWorld.DraftJson($",\"goals\":\"{new string('x', 2 * 1024 * 1024)}\""), Encoding.UTF8, "application/json"));
        Assert.Equal(("body", "请求体过大，上限 1 MB"), await ProblemAsync(sized, HttpStatusCode.RequestEntityTooLarge));
    }

    [Fact]
    public async Task A_page_form_over_the_limit_is_a_Chinese_page_error_naming_the_limit()
    {
        using var school = await ClientAsync(SmallWorld.School);
        var cycle = await WebWorld.PostFormAsync(school, "/", [("action", "submit"), ("key", "k"), ("version", "1")], [("evidence", "签到表.pdf", SixtyMegabytes)],
            "/agreements/441800-GX-2025-001/cycles/2025-2026-1");
        Assert.Contains("上传的内容过大：佐证文件最多 5 个，每个不能超过 10 MB", await PageErrorAsync(cycle, HttpStatusCode.RequestEntityTooLarge));

        using var anyone = await ClientAsync(null);
        var verify = await WebWorld.PostFormAsync(anyone, "/verify", [], [("file", "协议.pdf", SixtyMegabytes)]);
        Assert.Contains("上传的内容过大：文件不能超过 50 MB", await PageErrorAsync(verify, HttpStatusCode.RequestEntityTooLarge));

        using var city = await ClientAsync(SmallWorld.City);
        var registry = await WebWorld.PostFormAsync(city, "/registry", [], [("file", "名录.csv", Pdf(11 * 1024 * 1024))], "/registry?handler=Preview");
        Assert.Contains("上传的内容过大：名录文件不能超过 10 MB", await PageErrorAsync(registry, HttpStatusCode.RequestEntityTooLarge));
    }

    [Fact]
    public async Task A_body_of_the_wrong_type_is_a_415_problem_naming_the_type_the_route_takes()
    {
        using var school = await ClientAsync(SmallWorld.School);
        var (field, detail) = await ProblemAsync(await school.PostAsync("/api/v1/agreements", new StringContent("program=x", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Content-Type", field);
        Assert.Contains("此接口接受 application/json", detail);
        Assert.Contains("text/plain", detail);

        var form = await school.PostAsync("/api/v1/notifications/read", new MultipartFormDataContent { { new StringContent("true"), "all" } });
        Assert.Contains("此接口接受 application/json", (await ProblemAsync(form, HttpStatusCode.UnsupportedMediaType)).Detail);

        using var anyone = await ClientAsync(null);
        var verify = await anyone.PostAsync("/api/v1/verify", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Contains("此接口接受 multipart/form-data", (await ProblemAsync(verify, HttpStatusCode.UnsupportedMediaType)).Detail);
        var report = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agreements/441800-GX-2025-001/cycles/2025-2026-1/actions")
        { Content = new StringContent("{\"action\":\"submit\"}", Encoding.UTF8, "application/json") };
        report.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Contains("此接口接受 multipart/form-data", (await ProblemAsync(await school.SendAsync(report), HttpStatusCode.UnsupportedMediaType)).Detail);
    }

    [Fact]
    public async Task The_framework_s_own_refusals_in_the_api_carry_problem_bodies_too()
    {
        using var anyone = await ClientAsync(null);
        Assert.Equal("user", (await ProblemAsync(await anyone.GetAsync("/api/v1/tasks"), HttpStatusCode.Unauthorized)).Field);
        using var school = await ClientAsync(SmallWorld.School);
        Assert.Equal("path", (await ProblemAsync(await school.GetAsync("/api/v1/no-such-route"), HttpStatusCode.NotFound)).Field);
        Assert.Equal("method", (await ProblemAsync(await school.DeleteAsync("/api/v1/tasks"), HttpStatusCode.MethodNotAllowed)).Field);
        Assert.Equal("revision", (await ProblemAsync(await school.GetAsync("/api/v1/agreements/441800-GX-2025-001/document?revision=abc"), HttpStatusCode.BadRequest)).Field);
    }
}
