using System.Net;
using System.Text.RegularExpressions;

namespace Pairing.Web.Tests;

/// <summary>What a user reads on a rendered page: text nodes (scripts, styles and comments removed), the labels
/// attributes carry (placeholder, title, alt, aria-label) and the values of visible inputs; and the page's links.</summary>
public static partial class VisibleText
{
    public static string Of(string html)
    {
        var body = NonVisible().Replace(html, " ");
        var parts = new List<string>();
        foreach (Match tag in Tag().Matches(body))
        {
            var attributes = tag.Groups["attrs"].Value;
            foreach (Match a in LabelAttribute().Matches(attributes)) parts.Add(a.Groups["v"].Value);
            if (tag.Groups["name"].Value.Equals("input", StringComparison.OrdinalIgnoreCase) && !Unshown().IsMatch(attributes)
                && InputValue().Match(attributes) is { Success: true } value)
                parts.Add(value.Groups["v"].Value);
        }
        parts.Add(Tag().Replace(body, " "));
        return WebUtility.HtmlDecode(string.Join(" ", parts));
    }

    public static IEnumerable<string> Links(string html) =>
        Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["v"].Value));

    [GeneratedRegex(@"<script\b.*?</script>|<style\b.*?</style>|<pre\b.*?</pre>|<code\b.*?</code>|<!--.*?-->|<!DOCTYPE[^>]*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex NonVisible();

    [GeneratedRegex(@"<(?<name>/?[a-zA-Z][a-zA-Z0-9]*)(?<attrs>[^>]*)>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\b(placeholder|title|alt|aria-label)=""(?<v>[^""]*)""")]
    private static partial Regex LabelAttribute();

    /// <summary>Inputs whose value is not shown: hidden fields, and check boxes and radio buttons (their label is).</summary>
    [GeneratedRegex(@"type=""(hidden|checkbox|radio|file)""")]
    private static partial Regex Unshown();

    [GeneratedRegex(@"\bvalue=""(?<v>[^""]*)""")]
    private static partial Regex InputValue();

    [GeneratedRegex(@"<a\b[^>]*\bhref=""(?<v>[^""#]+)""")]
    private static partial Regex Href();
}
