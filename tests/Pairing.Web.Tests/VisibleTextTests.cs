using System.Net;
using System.Text.RegularExpressions;

namespace Pairing.Web.Tests;

/// <summary>Crawls every page each kind of user can reach by following links from the inbox, and fails on English
/// words or internal codes (role ids, state ids, account names, institution codes, field paths) in the text a user
/// reads: page text, button and option labels, placeholders, titles and alt texts.</summary>
[Collection(WebCollection.Name)]
public sealed partial class VisibleTextTests(WebWorld web)
{
    /// <summary>ASCII a user legitimately reads: agreement numbers and verification references, file kinds and file
    /// names, addresses, units, and the names of the PDF readers the verify pages explain.</summary>
    [GeneratedRegex(@"\d{6}-[A-Z]{2}-\d{4}-\d{3}(/r\d+)?(?!\d)|\b[\w.\-（）\p{IsCJKUnifiedIdeographs}]+\.(pdf|docx|xlsx|csv|pem|crt)\b|https?://\S+|\b(PDF|Word|Excel|CSV|UTF-8|QR|SHA-256|PAdES|CA|Adobe|Acrobat|Reader|pdfsig|poppler|JPG|PNG)\b|\b\d+(\.\d+)?\s?(KB|MB|px|%)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Allowed();

    [GeneratedRegex(@"\b[A-Z]{2}-[A-Z]+(\d+|-[a-z]+)\b")]
    private static partial Regex InstitutionCode();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_.\-\[\]]*")]
    private static partial Regex AsciiWord();

    public static TheoryData<string> Users => new() { "qy.c04", "qy.g01.sign", "qy.qingcheng", "qy.city", "qy.admin" };

    [Theory]
    [MemberData(nameof(Users))]
    public async Task No_page_shows_english_words_or_internal_codes(string user)
    {
        using var client = await web.SignedInAsync(user);
        var queue = new Queue<string>(["/", "/agreements", "/reports", "/dashboard", "/workflows", "/registry", "/budgets", "/verify", "/agreements/new"]);
        var seen = new HashSet<string>(queue);
        var findings = new List<string>();
        var pages = 0;
        while (queue.Count > 0 && pages < 80)
        {
            var path = queue.Dequeue();
            var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            pages++;
            var html = await response.Content.ReadAsStringAsync();
            foreach (var word in Offending(VisibleText.Of(html), path).Distinct())
                if (!findings.Any(f => f.EndsWith($": {word}", StringComparison.Ordinal))) findings.Add($"{path}: {word}");
            foreach (var link in VisibleText.Links(html))
                if (seen.Count < 400 && Crawlable(link) && seen.Add(link)) queue.Enqueue(link);
        }
        Assert.True(pages >= 5, $"{user} reached only {pages} pages");
        Assert.True(findings.Count == 0, $"{user} sees English or codes:\n" + string.Join("\n", findings.Take(150)));
    }

    /// <summary>The documents people keep read the same way: a signed agreement (its signing record included) and a
    /// semester report with its journal. Only the verification command and the content fingerprint are ASCII.</summary>
    [Fact]
    public async Task Documents_show_no_english_words_or_internal_codes()
    {
        using var client = await web.SignedInAsync("qy.city");
        var findings = new List<string>();
        foreach (var path in new[] { "/agreements/441800-TG-2024-001?handler=Document", "/agreements/441800-TG-2024-001?handler=Cycle&cycle=2024-2025-1",
                     "/agreements/441800-LD-2024-001?handler=Document" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Lines are joined: the verification address wraps in the narrow column beside the QR code.
            var text = Pairing.Testing.Poppler.Text(await response.Content.ReadAsByteArrayAsync()).Replace("\n", "");
            text = Fingerprint().Replace(text.Replace("pairing verify", " "), " ");
            findings.AddRange(Offending(text, path).Distinct().Select(w => $"{path}: {w}"));
        }
        Assert.True(findings.Count == 0, "documents show English or codes:\n" + string.Join("\n", findings.Take(60)));
    }

    [GeneratedRegex(@"\b[0-9a-f]{16,}\b")]
    private static partial Regex Fingerprint();

    private static bool Crawlable(string link) =>
        link.StartsWith('/') && !link.StartsWith("//") && !link.Contains("handler=") && !link.Contains("format=") && !link.StartsWith("/api/")
        && !link.StartsWith("/Account/");

    private static IEnumerable<string> Offending(string text, string path)
    {
        var remaining = Allowed().Replace(text, " ");
        // The registry lists institutions by their registry code: it is the key an import file uses.
        if (path.StartsWith("/registry", StringComparison.Ordinal)) remaining = InstitutionCode().Replace(remaining, " ");
        return AsciiWord().Matches(remaining).Select(m => m.Value);
    }
}
