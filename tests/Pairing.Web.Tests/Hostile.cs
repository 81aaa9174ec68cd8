using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using Pairing.Testing;

namespace Pairing.Web.Tests;

/// <summary>Hostile input for the property tests: JSON values of every wrong kind (nulls, wrong types, control
/// characters, lone surrogates, huge strings, deep nesting), texts for query strings and form fields, and bodies made
/// by putting one such value into a valid request body — at any field, nested ones included, as an extra field, or as
/// the whole body. Also the judgement every answer must pass.</summary>
internal static class Hostile
{
    /// <summary>Raw JSON values, as a client could send them where any field is expected.</summary>
    public static readonly string[] JsonValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "99999999999999999999", "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"",
        "\"x\\u0001y\"", "\"\\u001b[31m\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\uffff\"", "\"line\\nbreak\"", "\"tab\\there\"", "\"<script>alert(1)</script>\"",
        "\"'; DROP TABLE agreements; --\"", "\"连州市\"", "\"2025-13-45\"", "\"00000000-0000-0000-0000-000000000000\"", "[]", "[null]",
        "[1,\"a\",null,{}]", "[\"\\u0000\"]", "{}", "{\"a\":null}", "{\"institutionCode\":null,\"role\":null}",
        new string('[', 100) + new string(']', 100), string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70),
        Quoted(new string('长', 201)), Quoted(new string('x', 5000)), Quoted(new string('名', 300_000)),
    ];

    private static string Quoted(string s) => JsonSerializer.Serialize(s);

    /// <summary>Characters that break things: NUL and other controls, line breaks, lone surrogates, non-characters,
    /// quotes, percent signs, wide characters.</summary>
    private static readonly char[] Nasty = ['\0', '\u0001', '\u0008', '\u001f', '\n', '\r', '\t', '\ud800', '\udfff', '\ufffe', '\uffff', '"', '\'', '%', '\\', '<', 'a', '长', ' '];

    /// <summary>Texts for query strings, route values and form fields.</summary>
    public static Gen<string> Text =>
        Gen.OneOf(
            Gen.Elements("", " ", "\0", "a\0b", "\u0001", "连州市", "active", "履行中", new string('x', 5000), new string('名', 100_000), "../../etc/passwd",
                "2025-13-45", "-1", "99999999999999999999", "null"),
            Gen.ArrayOf(Gen.Elements(Nasty)).Select(chars => new string(chars)));

    /// <summary>A valid body with one hostile value put somewhere.</summary>
    public sealed record BodyCase(int Slot, string Raw)
    {
        public override string ToString() => $"slot {Slot}: {(Raw.Length > 80 ? Raw[..80] + $"…({Raw.Length} chars)" : Raw)}";
    }

    public static Arbitrary<BodyCase> Bodies(string template) =>
        Gen.Zip(Gen.Choose(0, Slots(JsonNode.Parse(template)!).Count + 1), Gen.OneOf(Gen.Elements(JsonValues), Text.Select(Quoted)))
            .Select(p => new BodyCase(p.Item1, p.Item2)).ToArbitrary();

    /// <summary>The template with the case's value at its slot: a field or item (nested ones too), an extra field, or
    /// the whole body.</summary>
    public static string Body(string template, BodyCase c)
    {
        var root = JsonNode.Parse(template)!;
        var slots = Slots(root);
        const string marker = "__hostile__";
        if (c.Slot == slots.Count) return c.Raw;
        if (c.Slot == slots.Count + 1) root.AsObject()["unexpected"] = marker;
        else slots[c.Slot](JsonValue.Create(marker));
        return root.ToJsonString().Replace($"\"{marker}\"", c.Raw, StringComparison.Ordinal);
    }

    /// <summary>Setters for every field and item of the body, depth first.</summary>
    private static List<Action<JsonNode>> Slots(JsonNode node)
    {
        var slots = new List<Action<JsonNode>>();
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    slots.Add(v => o[key] = v);
                    if (value is not null) slots.AddRange(Slots(value));
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var at = i;
                    slots.Add(v => a[at] = v);
                    if (a[i] is { } item) slots.AddRange(Slots(item));
                }
                break;
        }
        return slots;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Runs async work from a synchronous property without the test framework's synchronization context.</summary>
    public static bool Holds(Func<Task> check)
    {
        Task.Run(check).GetAwaiter().GetResult();
        return true;
    }

    /// <summary>What the rows a refused request must not touch count.</summary>
    public sealed record Counts(int Agreements, int Parties, int Instances, int Journal, int Tasks, int Budgets, int Evidence, int Reads, int Institutions);

    public static async Task<Counts> CountAsync(AppServices app)
    {
        await using var db = app.Db();
        return new(await db.Agreements.CountAsync(), await db.AgreementParties.CountAsync(), await db.Instances.CountAsync(), await db.Journal.CountAsync(),
            await db.Tasks.CountAsync(), await db.CountyBudgets.CountAsync(), await db.EvidenceFiles.CountAsync(), await db.NotificationReads.CountAsync(),
            await db.Institutions.CountAsync());
    }

    /// <summary>Never a server error; a refusal is a problem body and changed nothing.</summary>
    public static async Task JudgeAsync(AppServices app, Counts before, HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{what} → {status}: {Cut(body)}");
        if (status < 400) return;
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{what} → {status} without a problem body ({response.Content.Headers.ContentType}): {Cut(body)}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 }, $"{what} → {status}: no detail in {Cut(body)}");
        Assert.Equal(before, await CountAsync(app));
    }

    public static MediaTypeHeaderValue PdfType => new("application/pdf");

    private static string Cut(string s) => s.Length > 400 ? s[..400] : s;
}
