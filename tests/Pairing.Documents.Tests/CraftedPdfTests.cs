using System.Text;
using Pairing.Documents.Signing;
using static Pairing.Documents.Tests.SignedPdfEdits;

namespace Pairing.Documents.Tests;

/// <summary>Files an attacker uploads to the public verification page: broken byte ranges, signature dictionaries
/// where none belongs, malformed signature data, truncations and random damage. Verify must answer every one without
/// throwing, and no damaged signature may come out valid.</summary>
public sealed class CraftedPdfTests
{
    private static readonly Lazy<byte[]> Once = new(() => SigningSamples.Sign(SigningSamples.Document(), SigningSamples.SelfSigned("甲校")));
    private static readonly Lazy<byte[]> Twice = new(() => SigningSamples.Sign(Once.Value, SigningSamples.SelfSigned("乙校")));

    public static TheoryData<string, string> Cases => new()
    {
        { "letters in the range", "字节范围不是整数" },
        { "a twenty-digit number", "字节范围不是整数" },
        { "a real number", "字节范围不是整数" },
        { "three numbers", "字节范围应有四个数" },
        { "five numbers", "字节范围应有四个数" },
        { "a negative length", "字节范围含负数" },
        { "not from the start", "字节范围不从文件开头开始" },
        { "ranges overlap", "字节范围重叠" },
        { "one byte past the end", "字节范围超出文件" },
        { "long.MaxValue length", "字节范围超出文件" },
        { "sum overflows", "字节范围超出文件" },
        { "no gap", "字节范围没有为签名数据留出空缺" },
        { "gap shifted by one", "字节范围的空缺不是本签名的 /Contents" },
        { "gap elsewhere in the file", "字节范围的空缺不是本签名的 /Contents" },
        { "dictionary outside its range", "签名字典本身不在签名范围内" },
        { "no array", "字节范围格式错误" },
        { "cut after the bracket", "字节范围格式错误" },
        { "missing /Contents", "缺少签名数据（/Contents）" },
        { "odd-length hex", "十六进制串长度为奇数" },
        { "not hex", "不是十六进制串" },
        { "all zeros", "签名数据为空" },
        { "DER length 0xFFFFFFFF", "签名数据无法解析" },
        { "DER length of nine octets", "签名数据无法解析" },
        { "DER length longer than the data", "签名数据无法解析" },
        { "indefinite length, empty", "签名数据无法解析" },
        { "not a SEQUENCE", "签名数据无法解析" },
        { "a SEQUENCE that is not CMS", "签名数据无法解析" },
        { "huge /Contents", "签名数据过大" },
        { "range after %%EOF", "不在 PDF 对象" },
        { "range between objects", "不在 PDF 对象" },
        { "range alone", "不在 PDF 对象" },
        { "object never ends", "不在 PDF 对象" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_crafted_signature_is_reported_invalid_with_its_reason(string attack, string problem)
    {
        var checks = PdfSignatureVerifier.Verify(Craft(attack));
        Assert.Contains(checks, c => !c.Valid && c.Problem is not null && c.Problem.Contains(problem, StringComparison.Ordinal));
        // Nothing but the untouched original may pass, and only if it is still all there.
        Assert.All(checks, c => Assert.True(!c.Valid || c.RevisionLength == Once.Value.Length, attack));
    }

    private static byte[] Craft(string attack)
    {
        var pdf = Once.Value;
        var (r, _, _) = LastByteRange(pdf);
        var (a, b, c) = (r[1], r[2], r[3]);
        return attack switch
        {
            "letters in the range" => WithByteRange(pdf, $"0 {a} x {c}"),
            "a twenty-digit number" => WithByteRange(pdf, $"0 {a} 99999999999999999999 {c}"),
            "a real number" => WithByteRange(pdf, $"0 {a}.0 {b} {c}"),
            "three numbers" => WithByteRange(pdf, $"0 {a} {b}"),
            "five numbers" => WithByteRange(pdf, $"0 {a} {b} {c} 0"),
            "a negative length" => WithByteRange(pdf, $"0 {a} {b} -{c}"),
            "not from the start" => WithByteRange(pdf, $"1 {a} {b} {c}"),
            "ranges overlap" => WithByteRange(pdf, $"0 {b} {a} {c}"),
            "one byte past the end" => WithByteRange(pdf, $"0 {a} {b} {c + 1}"),
            "long.MaxValue length" => WithByteRange(pdf, $"0 {a} {b} {long.MaxValue}"),
            "sum overflows" => WithByteRange(pdf, $"0 {a} {pdf.Length} {pdf.Length}"),
            "no gap" => WithByteRange(pdf, $"0 {a} {a} {pdf.Length - a}"),
            "gap shifted by one" => WithByteRange(pdf, $"0 {a + 1} {b} {c}"),
            "gap elsewhere in the file" => WithByteRange(pdf, $"0 100 200 {pdf.Length - 200}"),
            "dictionary outside its range" => WithByteRange(pdf, $"0 {a} {b} 1"),
            "no array" => Replace(pdf, "/ByteRange[", "/ByteRange("),
            "cut after the bracket" => pdf[..(Latin1(pdf).IndexOf("/ByteRange[", StringComparison.Ordinal) + 13)],
            "missing /Contents" => Replace(pdf, "/Contents<", "/Kontents<"),
            // The hex string ends one byte earlier: an odd number of digits, and the range says so.
            "odd-length hex" => WithByteRange(Splice(pdf, (int)b - 2, 2, "> "), $"0 {a} {b - 1} {c + 1}"),
            "not hex" => Splice(pdf, (int)b - 3, 1, "G"),
            "all zeros" => WithContentsHex(pdf, ""),
            "DER length 0xFFFFFFFF" => WithContentsHex(pdf, "3084FFFFFFFF"),
            "DER length of nine octets" => WithContentsHex(pdf, "3089FFFFFFFFFFFFFFFFFF"),
            "DER length longer than the data" => WithContentsHex(pdf, "3083" + ((b - a) * 4).ToString("X6")),
            "indefinite length, empty" => WithContentsHex(pdf, "30800000"),
            "not a SEQUENCE" => WithContentsHex(pdf, "0403010203"),
            "a SEQUENCE that is not CMS" => WithContentsHex(pdf, "3003020101"),
            "huge /Contents" => LoneSignature(new string('1', 2 * SignatureDictionaryLimit + 2)),
            "range after %%EOF" => [.. pdf, .. Encoding.Latin1.GetBytes("\n/ByteRange[0 10 20 30]\n")],
            "range between objects" => Replace(pdf, "endobj\n", "endobj\n/ByteRange[0 10 20 30]\n"),
            "range alone" => EndingAtFileEnd("/ByteRange[0 1 3 {0}]", 3),
            "object never ends" => EndingAtFileEnd("%PDF-1.7\n1 0 obj\n<</Type/Sig/ByteRange[0 20 30 {0}]/Contents<00>", 30),
            _ => throw new ArgumentException(attack),
        };
    }

    /// <summary>The template with the (two-digit) length of its second range, which starts at r2, filled in so the range
    /// ends exactly at the end of the file: only where the range sits is wrong.</summary>
    private static byte[] EndingAtFileEnd(string template, int r2) =>
        Encoding.Latin1.GetBytes(string.Format(template, string.Format(template, "00").Length - r2));

    private const int SignatureDictionaryLimit = 256 * 1024;

    /// <summary>A file whose only object is a signature dictionary with this hex, its byte range exactly right.</summary>
    private static byte[] LoneSignature(string hex)
    {
        const string head = "%PDF-1.7\n1 0 obj\n<</Type/Sig/ByteRange[0 0000000000 0000000000 0000000000]/Contents";
        const string tail = ">>\nendobj\n%%EOF\n";
        var start = head.Length;
        var end = start + hex.Length + 2;
        var length = end + tail.Length;
        var text = head.Replace("0 0000000000 0000000000 0000000000", $"0 {start,10} {end,10} {length - end,10}") + $"<{hex}>" + tail;
        return Encoding.Latin1.GetBytes(text);
    }

    [Fact]
    public void Thousands_of_fake_signature_dictionaries_stop_at_the_limit()
    {
        var text = new StringBuilder("%PDF-1.7\n");
        for (var i = 1; i <= 5000; i++) text.Append($"{i} 0 obj\n<</Type/Sig/ByteRange[0 10 20 30]/Contents<3003020101>>>\nendobj\n");
        var checks = PdfSignatureVerifier.Verify(Encoding.Latin1.GetBytes(text.ToString()));
        Assert.Equal(PdfSignatureVerifier.MaxSignatures + 1, checks.Count);
        Assert.All(checks, c => Assert.False(c.Valid));
        Assert.Contains("签名数量超过上限", checks[^1].Problem);
    }

    [Fact]
    public void Truncated_files_keep_only_the_signatures_they_still_hold_whole()
    {
        var pdf = Twice.Value;
        var text = Latin1(pdf);
        var cuts = Enumerable.Range(0, 200).Select(i => (int)((long)pdf.Length * i / 200))
            .Concat(Enumerable.Range(-3, 7).Select(d => text.LastIndexOf("/ByteRange", StringComparison.Ordinal) + 11 + d))
            .Concat([Once.Value.Length - 1, Once.Value.Length, Once.Value.Length + 1, pdf.Length - 1]);
        foreach (var cut in cuts)
        {
            var checks = PdfSignatureVerifier.Verify(pdf[..cut]);
            Assert.All(checks, c => Assert.True(!c.Valid || c.RevisionLength <= cut, $"cut at {cut}"));
            Assert.Equal(cut >= Once.Value.Length, checks.Any(c => c.Valid));
        }
    }

    [Fact]
    public void Random_byte_changes_never_leave_a_changed_signature_valid()
    {
        var pdf = Twice.Value;
        var text = Latin1(pdf);
        // What each genuine signature covers: everything up to its revision's end except its own /Contents.
        var genuine = PdfSignatureVerifier.Verify(pdf).Select(c => c.RevisionLength).ToArray();
        var gaps = new[] { LastByteRange(Once.Value).Numbers, LastByteRange(pdf).Numbers };
        var dictionaries = new[] { text.IndexOf("/ByteRange", StringComparison.Ordinal), text.LastIndexOf("/ByteRange", StringComparison.Ordinal) };
        var random = new Random(20240902);
        for (var round = 0; round < 400; round++)
        {
            var damaged = (byte[])pdf.Clone();
            var positions = new List<int>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                // Half the changes land near a signature dictionary, where the parsing is.
                var at = random.Next(2) == 0 ? random.Next(pdf.Length)
                    : Math.Clamp(dictionaries[random.Next(2)] + random.Next(-300, 300), 0, pdf.Length - 1);
                damaged[at] ^= (byte)random.Next(1, 256);
                positions.Add(at);
            }
            var checks = PdfSignatureVerifier.Verify(damaged);
            foreach (var check in checks.Where(c => c.Valid))
            {
                var which = Array.IndexOf(genuine, check.RevisionLength);
                Assert.True(which >= 0, $"round {round}: a valid signature that was not in the file");
                var gap = gaps[which];
                Assert.All(positions.Where(p => p < check.RevisionLength), p =>
                    Assert.True(p >= gap[1] && p < gap[2], $"round {round}: byte {p} changed under a valid signature"));
            }
        }
    }
}
