using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Pairing.Documents.Rendering;

/// <summary>Makes PDFsharp's output a function of the content: the random font-subset tags, XMP UUIDs and trailer
/// /ID are replaced by values derived from a hash of everything else. Each replacement has the same length as what it
/// replaces, so no object offset moves.</summary>
public static partial class Reproducible
{
    public static byte[] Stabilise(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var tags = SubsetTag().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        var uuids = Uuid().Matches(text).Select(m => m.Value).Distinct().ToList();

        var masked = TrailerId().Replace(Uuid().Replace(SubsetTag().Replace(text, m => m.Value.Replace(m.Groups[1].Value, "AAAAAA")),
            "uuid:00000000-0000-0000-0000-000000000000"), m => "/ID[<" + new string('0', m.Groups[1].Length) + "><" + new string('0', m.Groups[2].Length) + ">]");
        var seed = SHA256.HashData(Encoding.Latin1.GetBytes(masked));

        for (var i = 0; i < tags.Count; i++)
        {
            var h = Derive(seed, $"tag{i}");
            var tag = new string(h.Take(6).Select(b => (char)('A' + b % 26)).ToArray());
            text = text.Replace(tags[i] + "+", tag + "+", StringComparison.Ordinal);
        }
        for (var i = 0; i < uuids.Count; i++)
            text = text.Replace(uuids[i], "uuid:" + new Guid(Derive(seed, $"uuid{i}")[..16]).ToString(), StringComparison.Ordinal);
        var id = Convert.ToHexString(seed[..16]);
        text = TrailerId().Replace(text, m => $"/ID[<{id}><{id}>]");
        return Encoding.Latin1.GetBytes(text);
    }

    private static byte[] Derive(byte[] seed, string label) => SHA256.HashData([.. seed, .. Encoding.ASCII.GetBytes(label)]);

    [GeneratedRegex(@"/(?:FontName|BaseFont)/([A-Z]{6})\+")]
    private static partial Regex SubsetTag();

    [GeneratedRegex(@"uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"/ID\[<([0-9A-Fa-f]+)><([0-9A-Fa-f]+)>\]")]
    private static partial Regex TrailerId();
}
