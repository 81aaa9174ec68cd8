using System.Net;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pairing.Testing;
using static Pairing.Web.Tests.Hostile;

namespace Pairing.Web.Tests;

/// <summary>Generated hostile input (FsCheck) at every /api/v1 route that takes a body, a query or a form, each signed in
/// as an account that may use the route: never a 5xx, a problem body with every 4xx, and a refused request changes no
/// row. A draft that is accepted must still render as PDF and Word. Routes are those of ApiEndpoints,
/// ExportEndpoints and NotificationEndpoints; a few hundred cases in all, on SQLite (PostgreSQL's NUL cases are in
/// <see cref="HostileInputTests"/>).</summary>
public sealed class ApiPropertyTests(SqliteWorld world) : IClassFixture<SqliteWorld>
{
    private static readonly string DraftTemplate = SmallWorld.DraftJson("""
        ,"goals":"提升教学质量","measures":["课程建设：共建课程"],"focusAreas":["课程建设"],"targets":["2025—2026学年：开设 2 门课程"],
         "fundingSource":"学校自筹","budgetLine":"2050204 高中教育","fundingAmount":10000,"contactName":"罗建","contactPhone":"0763-1234567"
        """);

    private const string ChangesTemplate = """
        {"changes":{"title":"修改后的协议","termStart":"2025-09-01","termEnd":"2027-07-31","goals":"目标","measures":["措施"],"focusAreas":["课程建设"],
         "targets":["目标"],"parties":[{"institutionCode":"U1","role":"university","signatory":"u1.sign"},{"institutionCode":"C1","role":"school"}],
         "fundingAmount":5,"contactName":"罗建","contactPhone":"123"},"expectedVersion":null}
        """;

    private const string ActionTemplate = """{"action":"approve","comment":"同意","cycle":null,"inputs":{"visits":"3"},"expectedVersion":1,"participant":null}""";

    private const string BudgetTemplate = """
        {"county":"lianzhou","program":"labour-education","year":2025,"line":"2050202 小学教育","amount":100000,"document":"连财预〔2025〕8号"}
        """;

    private const string ReadTemplate = """{"ids":["00000000-0000-0000-0000-000000000001"],"all":false}""";

    private static readonly SemaphoreSlim DraftOnce = new(1, 1);
    private static string? _draft;

    /// <summary>A draft of the school's to edit and act on, made once.</summary>
    private async Task<string> DraftAsync()
    {
        await DraftOnce.WaitAsync();
        try
        {
            if (_draft is not null) return _draft;
            using var school = await world.SignedInAsync(SmallWorld.School);
            var created = await school.PostAsync("/api/v1/agreements", Json(DraftTemplate));
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return _draft = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;
        }
        finally
        {
            DraftOnce.Release();
        }
    }

    private async Task SendAsync(string user, Func<HttpClient, Task<HttpResponseMessage>> send, string what, Func<HttpClient, HttpResponseMessage, Task>? accepted = null)
    {
        using var client = await world.SignedInAsync(user);
        var before = await CountAsync(world.App);
        var response = await send(client);
        await JudgeAsync(world.App, before, response, what);
        if (response.IsSuccessStatusCode && accepted is not null) await accepted(client, response);
    }

    /// <summary>An accepted draft or edit renders: the preview and the Word export of what was stored.</summary>
    private static async Task StillRendersAsync(HttpClient client, string number)
    {
        foreach (var format in new[] { "pdf", "docx" })
        {
            var document = await client.GetAsync($"/api/v1/agreements/{number}/document?format={format}");
            Assert.True(document.StatusCode == HttpStatusCode.OK, $"{number} {format} → {(int)document.StatusCode}: {await document.Content.ReadAsStringAsync()}");
        }
    }

    [Property(MaxTest = 70)]
    public Property Drafting_takes_hostile_bodies_without_a_server_error() =>
        Prop.ForAll(Bodies(DraftTemplate), c => Holds(() => SendAsync(SmallWorld.School, client => client.PostAsync("/api/v1/agreements", Json(Body(DraftTemplate, c))),
            $"POST /agreements {c}", async (client, response) =>
                await StillRendersAsync(client, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!))));

    [Property(MaxTest = 50)]
    public Property Editing_takes_hostile_bodies_without_a_server_error() =>
        Prop.ForAll(Bodies(ChangesTemplate), c => Holds(async () =>
        {
            var number = await DraftAsync();
            await SendAsync(SmallWorld.School, client => client.PatchAsync($"/api/v1/agreements/{number}", Json(Body(ChangesTemplate, c))),
                $"PATCH /agreements/{number} {c}", (client, _) => StillRendersAsync(client, number));
        }));

    [Property(MaxTest = 40)]
    public Property Actions_take_hostile_bodies_without_a_server_error() =>
        Prop.ForAll(Bodies(ActionTemplate), Text.ToArbitrary(), (c, key) => Holds(async () =>
        {
            var number = await DraftAsync();
            await SendAsync(SmallWorld.School, client =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{number}/actions") { Content = Json(Body(ActionTemplate, c)) };
                request.Headers.TryAddWithoutValidation("Idempotency-Key", HeaderSafe(key));
                return client.SendAsync(request);
            }, $"POST /agreements/{number}/actions {c}");
        }));

    [Property(MaxTest = 40)]
    public Property Budgets_take_hostile_bodies_without_a_server_error() =>
        Prop.ForAll(Bodies(BudgetTemplate), c => Holds(() =>
            SendAsync(SmallWorld.City, client => client.PostAsync("/api/v1/budgets", Json(Body(BudgetTemplate, c))), $"POST /budgets {c}")));

    [Property(MaxTest = 25)]
    public Property Marking_notifications_takes_hostile_bodies_without_a_server_error() =>
        Prop.ForAll(Bodies(ReadTemplate), c => Holds(() =>
            SendAsync(SmallWorld.School, client => client.PostAsync("/api/v1/notifications/read", Json(Body(ReadTemplate, c))), $"POST /notifications/read {c}")));

    /// <summary>Every query parameter of every GET route (and the route values of an agreement's documents and cycles),
    /// with a bureau account that may use each.</summary>
    private static readonly (string User, string Path, string[] Parameters)[] Queries =
    [
        (SmallWorld.School, "/api/v1/agreements", ["program", "state", "county", "year", "search", "city", "institution", "role", "live", "sort", "dir", "page", "size"]),
        (SmallWorld.City, "/api/v1/reports", ["scope", "program", "state", "county", "search", "sort", "dir", "page", "size"]),
        (SmallWorld.City, "/api/v1/exports/agreements", ["program", "state", "county", "year", "search", "city", "institution", "role", "live", "sort", "dir"]),
        (SmallWorld.City, "/api/v1/exports/reports", ["scope", "program", "state", "county", "search", "sort", "dir"]),
        (SmallWorld.City, "/api/v1/exports/institutions", ["county", "tag", "search", "sort", "dir"]),
        (SmallWorld.City, "/api/v1/exports/compliance", ["county", "asOf"]),
        (SmallWorld.City, "/api/v1/institutions", ["county", "tag", "page", "size"]),
        (SmallWorld.City, "/api/v1/compliance", ["city", "asOf"]),
        (SmallWorld.City, "/api/v1/budgets", ["program", "year"]),
        (SmallWorld.City, "/api/v1/indicators", ["city", "program", "from", "to", "county", "pending"]),
        (SmallWorld.School, "/api/v1/notifications", ["unread", "page", "size"]),
        (SmallWorld.School, "/api/v1/tasks", ["page", "size"]),
        (SmallWorld.School, "/api/v1/agreements/{number}/document", ["format", "revision"]),
        (SmallWorld.School, "/api/v1/agreements/{hostile}", []),
        (SmallWorld.School, "/api/v1/agreements/{number}/cycles/{hostile}", []),
        (SmallWorld.School, "/api/v1/agreements/{hostile}/cycles/{hostile}/document", ["format"]),
        (SmallWorld.School, "/api/v1/agreements/{number}/evidence/{hostile}", []),
    ];

    [Property(MaxTest = 70)]
    public Property Query_strings_and_route_values_take_hostile_text_without_a_server_error() =>
        Prop.ForAll(Gen.Choose(0, Queries.Length - 1).ToArbitrary(), Gen.Choose(0, 12).ToArbitrary(), Text.ToArbitrary(), (route, parameter, text) => Holds(async () =>
        {
            var (user, path, parameters) = Queries[route];
            var escaped = Uri.EscapeDataString(text);
            // The test server refuses a NUL in the path itself (Kestrel answers 400 before any endpoint); query values keep theirs.
            var segment = Uri.EscapeDataString(text.Replace("\0", "", StringComparison.Ordinal)) is { Length: > 0 } s ? s : "x";
            var url = path.Replace("{number}", await DraftAsync(), StringComparison.Ordinal).Replace("{hostile}", segment, StringComparison.Ordinal);
            if (parameters.Length > 0) url += $"?{parameters[parameter % parameters.Length]}={escaped}";
            await SendAsync(user, client => client.GetAsync(url), $"GET {url[..Math.Min(200, url.Length)]}");
        }));

    [Property(MaxTest = 25)]
    public Property Report_forms_take_hostile_fields_and_files_without_a_server_error() =>
        Prop.ForAll(Text.ToArbitrary(), Text.ToArbitrary(), Gen.Elements(Files).ToArbitrary(), (field, name, file) => Holds(async () =>
        {
            var number = await DraftAsync();
            await SendAsync(SmallWorld.School, client =>
            {
                var form = new MultipartFormDataContent
                {
                    { new StringContent(field), "action" }, { new StringContent(field), "comment" }, { new StringContent(field), "input.visits" },
                    { new StringContent(field), "expectedVersion" }, FilePart(file, "evidence", name),
                };
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{number}/cycles/2025-2026-1/actions") { Content = form };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                return client.SendAsync(request);
            }, $"POST cycles/actions field {field.Length} chars, file name {name.Length} chars, {file.Length} bytes");
        }));

    [Property(MaxTest = 20)]
    public Property Verification_takes_hostile_files_without_a_server_error() =>
        Prop.ForAll(Gen.Elements(Files).ToArbitrary(), Text.ToArbitrary(), (file, name) => Holds(() =>
            SendAsync(SmallWorld.School, client => client.PostAsync("/api/v1/verify",
                new MultipartFormDataContent { FilePart(file, "file", name) }), $"POST /verify {file.Length} bytes")));

    /// <summary>Files to upload: empty, non-PDF, and the malformed-PDF corpus made from a PDF with a /ByteRange.</summary>
    private static readonly byte[][] Files = [.. MalformedPdfs.From(SignedLookalike()).Select(f => f.Bytes)];

    /// <summary>A tiny PDF with a signature dictionary of the right shape (its signature is nonsense): the corpus only
    /// needs something to damage.</summary>
    private static byte[] SignedLookalike()
    {
        var head = "%PDF-1.7\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 0000000000 0000000000 0000000000] /Contents <";
        var hex = new string('0', 64);
        var tail = "> >>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n";
        var start = head.Length - 1;
        var end = start + hex.Length + 2;
        var total = head.Length + hex.Length + tail.Length;
        var range = $"[0 {start:D10} {end:D10} {total - end:D10}]";
        return System.Text.Encoding.Latin1.GetBytes(head.Replace("[0 0000000000 0000000000 0000000000]", range, StringComparison.Ordinal) + hex + tail);
    }

    /// <summary>A file part whose name may hold anything: sent as filename* (RFC 5987, percent-encoded UTF-8), which the
    /// client does not refuse the way it refuses quotes and control characters in a plain filename.</summary>
    private static ByteArrayContent FilePart(byte[] bytes, string field, string name)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = $"\"{field}\"", FileNameStar = name + ".pdf" };
        return part;
    }

    /// <summary>Header values cannot carry line breaks or NUL at all: the client refuses them before sending.</summary>
    private static string HeaderSafe(string key) => new([.. key.Where(c => c >= ' ' && c < 0x7f)]);
}
