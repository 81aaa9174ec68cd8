using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Pairing.Documents.Signing;

/// <summary>One signature in a PDF: who signed, when, whether the signed bytes are unchanged, and whether it covers
/// the whole file (only the newest one should; anything after it is an unsigned change).</summary>
public sealed record SignatureCheck(int Index, string Signer, DateTimeOffset? SignedAt, bool Valid, bool CoversWholeDocument, string? Problem);

/// <summary>Finds every signature dictionary, recomputes what it covers and checks the CMS signature over it.</summary>
public static partial class PdfSignatureVerifier
{
    public static IReadOnlyList<SignatureCheck> Verify(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var checks = new List<SignatureCheck>();
        foreach (Match range in ByteRange().Matches(text))
        {
            var index = checks.Count + 1;
            var objectEnd = text.IndexOf("endobj", range.Index, StringComparison.Ordinal);
            var objectStart = text.LastIndexOf(" obj", range.Index, StringComparison.Ordinal);
            var contents = Contents().Match(text[objectStart..objectEnd]);
            var r = Enumerable.Range(1, 4).Select(i => long.Parse(range.Groups[i].Value)).ToArray();
            if (!contents.Success || r[0] != 0 || r[1] > r[2] || r[2] + r[3] > pdf.Length)
            {
                checks.Add(new(index, "", null, false, false, "签名字典损坏"));
                continue;
            }
            var data = new byte[r[1] + r[3]];
            Buffer.BlockCopy(pdf, 0, data, 0, (int)r[1]);
            Buffer.BlockCopy(pdf, (int)r[2], data, (int)r[1], (int)r[3]);
            var covers = r[2] + r[3] == pdf.Length;
            try
            {
                var der = Convert.FromHexString(contents.Groups[1].Value);
                var cms = new SignedCms(new ContentInfo(data), detached: true);
                cms.Decode(der.AsSpan(0, DerLength(der)));
                var info = cms.SignerInfos[0];
                var signer = info.Certificate?.GetNameInfo(X509NameType.SimpleName, false) ?? "";
                var attributeTime = info.SignedAttributes.Cast<CryptographicAttributeObject>()
                    .SelectMany(a => a.Values.Cast<AsnEncodedData>()).OfType<Pkcs9SigningTime>().FirstOrDefault()?.SigningTime;
                // PAdES signatures carry their time in the dictionary's /M; older CMS ones in a signing-time attribute.
                var time = SigningTime(text[objectStart..objectEnd]) ?? (attributeTime is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null);
                try
                {
                    cms.CheckSignature(verifySignatureOnly: true);
                    checks.Add(new(index, signer, time, true, covers, null));
                }
                catch (CryptographicException)
                {
                    checks.Add(new(index, signer, time, false, covers, "签名后内容被修改（摘要不符）"));
                }
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
            {
                checks.Add(new(index, "", null, false, covers, $"签名数据无法解析：{ex.Message}"));
            }
        }
        return checks;
    }

    private static DateTimeOffset? SigningTime(string dictionary)
    {
        var m = PdfDate().Match(dictionary);
        if (!m.Success) return null;
        var offset = m.Groups[2].Value == "Z" || m.Groups[2].Value == "" ? TimeSpan.Zero
            : TimeSpan.FromHours(int.Parse(m.Groups[3].Value)) + TimeSpan.FromMinutes(m.Groups[4].Success ? int.Parse(m.Groups[4].Value) : 0);
        if (m.Groups[2].Value == "-") offset = -offset;
        return DateTimeOffset.TryParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", null, System.Globalization.DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local.DateTime, offset) : null;
    }

    /// <summary>The signature hex string is padded with zeros; the DER header says how long the real data is.</summary>
    private static int DerLength(byte[] der)
    {
        if (der.Length < 2 || der[0] != 0x30) throw new FormatException("不是 DER 编码的 CMS");
        if (der[1] < 0x80) return der[1] + 2;
        var octets = der[1] & 0x7F;
        var length = 0;
        for (var i = 0; i < octets; i++) length = (length << 8) | der[2 + i];
        return Math.Min(der.Length, length + 2 + octets);
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"/M\s*\(D:(\d{14})(?:([Z+-])(\d{2})'?(\d{2})?'?)?\)")]
    private static partial Regex PdfDate();

    [GeneratedRegex(@"/Contents\s*<([0-9A-Fa-f]*)>")]
    private static partial Regex Contents();
}
