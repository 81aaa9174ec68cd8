using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Pairing.Testing;
using Pairing.Web.Pages.Registry;
using static Pairing.Web.Tests.Hostile;

namespace Pairing.Web.Tests;

/// <summary>The bad input an outside tester sent, on SQLite and on PostgreSQL (whose text cannot hold a NUL): each is
/// a 4xx naming the field and the reason — a problem body in the API, a Chinese message on the page — and saves
/// nothing.</summary>
public sealed class HostileInputTests(SmallWorlds worlds) : IClassFixture<SmallWorlds>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    private static string Field(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Single().Name;

    private static string Reason(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_draft_with_nulls_names_the_field_and_saves_nothing(string provider)
    {
        var world = await worlds.Of(provider);
        using var school = await world.SignedInAsync(SmallWorld.School);
        var before = await CountAsync(world.App);
        foreach (var (body, field, reason) in new[]
                 {
                     ("""{"program":"university-partnership","title":"协议","termStart":"2025-09-01","termEnd":"2026-07-31","parties":null}""", "parties", "请指明协议各方"),
                     ("""{"program":null,"title":"协议","termStart":"2025-09-01","termEnd":"2026-07-31","parties":[]}""", "program", "请选择项目"),
                     (SmallWorld.DraftJson().Replace("\"institutionCode\":\"U1\"", "\"institutionCode\":null"), "parties[0].institutionCode", "请指明参与方的机构代码"),
                     (SmallWorld.DraftJson().Replace("{\"institutionCode\":\"U1\",\"role\":\"university\"}", "null"), "parties[0]", "参与方不能为空值"),
                     (SmallWorld.DraftJson(""","measures":[null]"""), "measures", "帮扶措施第 1 项为空值"),
                     (SmallWorld.DraftJson(""","focusAreas":["课程建设",null]"""), "focusAreas", "重点领域第 2 项为空值"),
                     ("null", "body", "请求体为空"),
                 })
        {
            var problem = await ProblemAsync(await school.PostAsync("/api/v1/agreements", Json(body)), HttpStatusCode.BadRequest);
            Assert.Equal(field, Field(problem));
            Assert.Contains(reason, Reason(problem));
        }
        Assert.Equal(before, await CountAsync(world.App));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NUL_and_control_characters_are_refused_by_field_on_both_databases(string provider)
    {
        var world = await worlds.Of(provider);
        using var school = await world.SignedInAsync(SmallWorld.School);
        var before = await CountAsync(world.App);
        foreach (var (body, field, reason) in new[]
                 {
                     (SmallWorld.DraftJson(title: "协议\\u0000名称"), "title", "协议名称含有空字符（U+0000）"),
                     (SmallWorld.DraftJson(title: "协议\\n名称"), "title", "协议名称不能换行"),
                     (SmallWorld.DraftJson(""","goals":"目标\u0001","focusAreas":[]"""), "goals", "帮扶目标含有不可见的控制字符（U+0001）"),
                     (SmallWorld.DraftJson(""","measures":["课程\u0000建设"]"""), "measures[0]", "帮扶措施含有空字符"),
                     (SmallWorld.DraftJson(""","contactName":"\ud800","focusAreas":[]"""), "contactName", "JSON 无效（$.contactName，第 2 行）"),
                     // A JSON writer turns half a surrogate pair into U+FFFD, which no document font can draw.
                     (SmallWorld.DraftJson(""","goals":"目标\uFFFD","focusAreas":[]"""), "goals", "帮扶目标含有乱码（U+FFFD"),
                     (SmallWorld.DraftJson().Replace("\"role\":\"school\"", "\"role\":\"school\",\"signatory\":\"c1\\u0000\""), "parties[1].signatory", "签署人含有空字符"),
                     (SmallWorld.DraftJson(title: new string('长', 201)), "title", "协议名称不能超过 200 个字符"),
                 })
        {
            var problem = await ProblemAsync(await school.PostAsync("/api/v1/agreements", Json(body)), HttpStatusCode.BadRequest);
            Assert.Equal(field, Field(problem));
            Assert.Contains(reason, Reason(problem));
        }
        foreach (var (query, field) in new[] { ("search=a%00b", "search"), ("county=%00", "county"), ("program=x%00", "program"), ("state=%01", "state") })
        {
            var problem = await ProblemAsync(await school.GetAsync($"/api/v1/agreements?{query}"), HttpStatusCode.BadRequest);
            Assert.Equal(field, Field(problem));
        }
        await ProblemAsync(await school.GetAsync("/api/v1/agreements/441800-GX-2025-001%01"), HttpStatusCode.BadRequest);

        // A list page says what is wrong with its filter in Chinese instead of failing.
        var page = await school.GetAsync("/agreements?search=%E8%BF%9E%00");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("搜索内容含有空字符（U+0000），请删除后重试", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal(before, await CountAsync(world.App));
    }

    /// <summary>The property tests' NUL cases, also on PostgreSQL: a NUL put into any field of a draft (an unknown extra
    /// field is ignored, so not that) or any filter of the agreement list is a 400 problem and saves nothing.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_NUL_anywhere_in_a_draft_or_a_list_filter_is_refused(string provider)
    {
        var world = await worlds.Of(provider);
        using var school = await world.SignedInAsync(SmallWorld.School);
        var template = SmallWorld.DraftJson(""","goals":"目标","contactName":"罗建","measures":["课程建设：共建"],"focusAreas":["课程建设"]""");
        var withNul = Gen.Elements("\0", "a\0", "\0b", "连州\0市", new string('x', 300) + "\0").ToArbitrary();
        // sort and dir fall back to the default order for a value they do not know, so they are not here.
        var filters = new[] { "program", "state", "county", "search", "city", "institution", "role" };
        async Task Refused(Func<Task<HttpResponseMessage>> send, string what)
        {
            var before = await CountAsync(world.App);
            var response = await send();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await JudgeAsync(world.App, before, response, what);
        }
        Prop.ForAll(Bodies(template).Filter(c => !Body(template, c).Contains("\"unexpected\"", StringComparison.Ordinal)), withNul, (c, nul) => Holds(() =>
                Refused(() => school.PostAsync("/api/v1/agreements", Json(Body(template, c with { Raw = JsonSerializer.Serialize(nul) }))), $"draft {c.Slot}")))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
        Prop.ForAll(Gen.Elements(filters).ToArbitrary(), withNul, (filter, nul) => Holds(() =>
                Refused(() => school.GetAsync($"/api/v1/agreements?{filter}={Uri.EscapeDataString(nul)}"), $"?{filter}")))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_accepted_draft_keeps_rendering_as_pdf_and_word(string provider)
    {
        var world = await worlds.Of(provider);
        using var school = await world.SignedInAsync(SmallWorld.School);
        // Multi-line goals, a measure without an area (no "领域：" before it), quotes and markup-like text.
        var created = await school.PostAsync("/api/v1/agreements", Json(SmallWorld.DraftJson(
            ""","goals":"第一行\n第二行\t缩进","contactName":"O'Neil \"罗\" 老师","measures":["没有领域的措施","# 不是标题","| 不是表格 |"],"targets":["<b>目标</b>"]""")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();
        foreach (var format in new[] { "pdf", "docx" })
        {
            var document = await school.GetAsync($"/api/v1/agreements/{number}/document?format={format}");
            Assert.True(document.StatusCode == HttpStatusCode.OK, $"{format}: {await document.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_registry_import_reports_NUL_control_and_overlong_names_as_row_errors_and_cannot_be_committed(string provider)
    {
        var world = await worlds.Of(provider);
        using var city = await world.SignedInAsync(SmallWorld.City);
        var before = await CountAsync(world.App);
        var csv = "代码,名称,城市,县区,学段,标签\n" +
                  "N1,连州\0新校,清远市,连州市,小学,\n" +
                  $"N2,{new string('长', 100_000)},清远市,连州市,小学,\n" +
                  "N3,连州\u0007三校,清远市,连州市,小学,\n" +
                  $"{new string('N', 51)},连州四校,清远市,连州市,小学,\n" +
                  "N5,连州五校,清远市,连州市,小学,\n";
        var html = await PreviewAsync(city, "名录.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Contains("文件编码：UTF-8", html);
        Assert.Contains("错误 4 处", html);
        Assert.Contains("<td>2</td><td>名称</td><td>含有空字符（U+0000），请删除后重试</td>", html);
        Assert.Contains("<td>3</td><td>名称</td><td>不能超过 200 个字符（现有 100000 个）</td>", html);
        Assert.Contains("<td>4</td><td>名称</td><td>含有不可见的控制字符（U+0007），请删除后重试</td>", html);
        Assert.Contains("<td>5</td><td>代码</td><td>不能超过 50 个字符（现有 51 个）</td>", html);
        Assert.DoesNotContain("name=\"token\"", html);
        Assert.Equal(before, await CountAsync(world.App));
    }

    [Fact]
    public async Task A_registry_upload_says_which_encoding_it_read_and_refuses_a_broken_workbook_by_name()
    {
        var world = await worlds.Of(TestDatabase.Sqlite);
        using var city = await world.SignedInAsync(SmallWorld.City);
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes("代码,名称,城市,县区,学段,标签\nG9,连州市第九小学,清远市,连州市,小学,\n");
        var html = await PreviewAsync(city, "名录-gbk.csv", gbk);
        Assert.Contains("文件编码：GB18030（GBK）", html);
        Assert.Contains("连州市第九小学", html);

        var unclosed = await PreviewAsync(city, "名录.csv", Encoding.UTF8.GetBytes("代码,名称,城市,县区,学段,标签\nG8,\"连州,清远市,连州市,小学,\nG9,九校,清远市,连州市,小学,\n"));
        Assert.Contains("<td>2</td><td>名称</td><td>引号没有结束", unclosed);

        var random = new byte[4096];
        new Random(12).NextBytes(random);
        foreach (var bytes in new[] { random, [.. "PK\u0003\u0004"u8, .. random] })
        {
            var refused = await PreviewAsync(city, "名录.xlsx", bytes);
            Assert.Contains("名录.xlsx 不是有效的 Excel 工作簿（.xlsx），无法读取", refused);
        }
    }

    [Fact]
    public async Task Registry_uploads_leave_no_file_behind_unless_a_clean_preview_waits_for_its_commit()
    {
        var world = await worlds.Of(TestDatabase.Sqlite);
        using var city = await world.SignedInAsync(SmallWorld.City);
        // Each upload is told apart from other test runs' by its content.
        string Marker() => $"M{Guid.NewGuid():N}"[..20];
        IEnumerable<string> Left(string marker) => Directory.EnumerateFiles(RegistryModel.UploadFolder, RegistryModel.UploadPrefix + "*")
            .Where(f => { try { return File.ReadAllText(f).Contains(marker, StringComparison.Ordinal); } catch (IOException) { return false; } });

        var bad = Marker();
        await PreviewAsync(city, "名录.csv", Encoding.UTF8.GetBytes($"代码,名称,城市,县区,学段,标签\n{bad},名称,不存在的市,,,\n"));
        var broken = Marker();
        await PreviewAsync(city, "名录.xlsx", Encoding.UTF8.GetBytes($"not a workbook {broken}"));
        var undecodable = Marker();
        await PreviewAsync(city, "名录.csv", [.. Encoding.UTF8.GetBytes(undecodable), 0xFF, 0xFF, 0xFF]);
        Assert.Empty(Left(bad));
        Assert.Empty(Left(broken));
        Assert.Empty(Left(undecodable));

        // A clean preview keeps its file for the commit, and the commit removes it.
        var clean = Marker();
        var html = await PreviewAsync(city, "名录.csv", Encoding.UTF8.GetBytes($"代码,名称,城市,县区,学段,标签\n{clean},连州市新校,清远市,连州市,小学,\n"));
        Assert.Single(Left(clean));
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"token\" value=\"([^\"]+)\"").Groups[1].Value;
        var committed = await WebWorld.PostFormAsync(city, "/registry", [("token", token)], action: "/registry?handler=Commit");
        Assert.Contains("已导入：新增 1", await committed.Content.ReadAsStringAsync());
        Assert.Empty(Left(clean));
    }

    /// <summary>The sign-in form never reaches the database with a NUL: the framework cannot read such a form and
    /// refuses it (400) before the page runs; an endless name is simply a wrong one.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sign_in_with_a_NUL_or_an_endless_name_is_refused_without_a_server_error(string provider)
    {
        var world = await worlds.Of(provider);
        foreach (var (name, status) in new[] { ("c1\0", HttpStatusCode.BadRequest), ("\0", HttpStatusCode.BadRequest), (new string('c', 10_000), HttpStatusCode.OK) })
        {
            using var client = await world.SignedInAsync(null);
            var form = await client.GetStringAsync("/Account/Login");
            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = name, ["Password"] = "wrong", ["__RequestVerificationToken"] = WebWorld.Token(form),
            }));
            Assert.Equal(status, response.StatusCode);
            if (status == HttpStatusCode.OK) Assert.Contains("账号或密码不正确", await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Every file of the malformed-PDF corpus, at the public verification page and its API route: an answer in
    /// Chinese that it is not a valid signed PDF (or not a PDF at all), never a server error.</summary>
    [Fact]
    public async Task Malformed_pdfs_are_answered_not_valid_by_the_verify_page_and_the_api()
    {
        var world = await worlds.Of(TestDatabase.Sqlite);
        using var anyone = await world.SignedInAsync(null);
        var signed = Pairing.Documents.Signing.IncrementalSigner.Sign(
            new Pairing.Documents.Rendering.PdfComposer(Path.Combine(RepoPaths.Root, "templates", "fonts")).Compose(new Pairing.Documents.Rendering.DocumentModel(
                "结对帮扶协议", [new Pairing.Documents.Rendering.Paragraph("甲乙双方建立帮扶关系。")],
                new Pairing.Documents.Rendering.DocumentInfo("Pairing", "协议", "结对帮扶", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc)))),
            new Pairing.Documents.Signing.SignatureRequest(SelfSigned(), "甲校", "签署", DateTimeOffset.UtcNow));
        foreach (var (name, bytes) in MalformedPdfs.From(signed))
        {
            var api = await anyone.PostAsync("/api/v1/verify", new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "协议.pdf" } });
            var body = await api.Content.ReadAsStringAsync();
            if (api.StatusCode == HttpStatusCode.OK)
            {
                var verdict = JsonDocument.Parse(body).RootElement;
                Assert.True(verdict.GetProperty("kind").GetString() == "invalid", $"{name}: {body}");
                Assert.StartsWith("无效：", verdict.GetProperty("verdict").GetString());
            }
            else Assert.Contains(Reason(await ProblemAsync(api, HttpStatusCode.BadRequest)), new[] { "不是 PDF 文件", "没有收到文件" });

            var page = WebUtility.HtmlDecode(await (await WebWorld.PostFormAsync(anyone, "/verify", [], [("file", "协议.pdf", bytes)])).Content.ReadAsStringAsync());
            Assert.True(page.Contains("无效：", StringComparison.Ordinal) || page.Contains("不是 PDF 文件", StringComparison.Ordinal)
                || page.Contains("请选择要核验的 PDF 文件", StringComparison.Ordinal), $"{name}: the page says neither 无效 nor 不是 PDF");
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 SelfSigned()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=甲校", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
    }

    private static async Task<string> PreviewAsync(HttpClient client, string fileName, byte[] content)
    {
        var response = await WebWorld.PostFormAsync(client, "/registry", [], [("file", fileName, content)], "/registry?handler=Preview");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return WebUtility.HtmlDecode(html);
    }
}
