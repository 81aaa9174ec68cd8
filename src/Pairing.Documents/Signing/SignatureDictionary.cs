using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pairing.Documents.Signing;

/// <summary>A signature dictionary found in a PDF, its byte range checked against the file: two ranges, from the start
/// of the file to this dictionary's /Contents hex string and from after it to the end of the revision it signs.</summary>
/// <param name="ContentsStart">Offset of the '&lt;' that opens /Contents: the end of the first range.</param>
/// <param name="ContentsEnd">Offset just after the closing '&gt;': the start of the second range.</param>
/// <param name="RevisionEnd">End of the second range: the length of the revision this signature covers.</param>
/// <param name="Text">The object holding the dictionary, from "obj" to "endobj".</param>
/// <param name="Signature">The decoded /Contents: a CMS structure, usually followed by zero padding.</param>
internal sealed record SignatureDictionary(int ContentsStart, int ContentsEnd, int RevisionEnd, string Text, byte[] Signature)
{
    /// <summary>Signature data above this size is refused before decoding; real ones (a CMS with a certificate chain
    /// and perhaps a timestamp) are a few kilobytes; our signer reserves what its certificate measured plus a margin.</summary>
    public const int MaxSignatureBytes = 256 * 1024;

    private const string Key = "/ByteRange";
    // The dictionary sits within this distance of its /ByteRange; bounding the search keeps a file of thousands of
    // fake /ByteRange entries from costing a scan of the whole file each.
    private const int ObjectWindow = 2 * MaxSignatureBytes + 64 * 1024;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Reads the dictionary whose /ByteRange starts at <paramref name="at"/> in the file's Latin-1 text.
    /// On failure, <paramref name="problem"/> says in Chinese what is wrong.</summary>
    public static bool TryRead(string text, int at, [NotNullWhen(true)] out SignatureDictionary? dictionary, [NotNullWhen(false)] out string? problem)
    {
        dictionary = null;
        problem = RangeProblem(text, at, out var range);
        if (problem is not null) return false;
        problem = EnclosingObject(text, at, out var start, out var end);
        if (problem is not null) return false;

        // The file's length is an int, and every number is now within it.
        var contentsStart = (int)range[1];
        var contentsEnd = (int)range[2];
        var revisionEnd = (int)(range[2] + range[3]);
        var objectText = text[start..end];
        if (contentsStart <= start || contentsEnd > end || !IsContentsValue(text, start, contentsStart, contentsEnd))
        {
            problem = objectText.Contains("/Contents", StringComparison.Ordinal)
                ? "签名字典损坏：字节范围的空缺不是本签名的 /Contents"
                : "签名字典损坏：缺少签名数据（/Contents）";
            return false;
        }
        if (end > revisionEnd)
        {
            problem = "签名字典损坏：签名字典本身不在签名范围内";
            return false;
        }
        problem = DecodeHex(text.AsSpan(contentsStart + 1, contentsEnd - contentsStart - 2), out var signature);
        if (problem is not null) return false;
        dictionary = new SignatureDictionary(contentsStart, contentsEnd, revisionEnd, objectText, signature);
        return true;
    }

    /// <summary>The bytes the signature covers: the file without the /Contents hex string, up to the revision's end.</summary>
    public byte[] SignedBytes(byte[] pdf)
    {
        var data = new byte[ContentsStart + (RevisionEnd - ContentsEnd)];
        Buffer.BlockCopy(pdf, 0, data, 0, ContentsStart);
        Buffer.BlockCopy(pdf, ContentsEnd, data, ContentsStart, RevisionEnd - ContentsEnd);
        return data;
    }

    /// <summary>Reads "/ByteRange [a b c d]" and checks the four numbers against each other and the file.</summary>
    private static string? RangeProblem(string text, int at, out long[] range)
    {
        range = [];
        // Four numbers of at most 19 digits, with room for the padding signers leave: anything longer is not one we
        // read, and bounding each look keeps a file of thousands of /ByteRange entries cheap.
        const int bound = 200;
        var open = SkipWhitespace(text, at + Key.Length, bound);
        var close = open < text.Length && text[open] == '[' ? text.IndexOf(']', open, Math.Min(bound, text.Length - open)) : -1;
        if (close < 0) return "签名字典损坏：字节范围格式错误";
        var tokens = text[(open + 1)..close].Split((char[])[' ', '\t', '\r', '\n', '\f', '\0'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = new long[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
            if (!long.TryParse(tokens[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
                return "签名字典损坏：字节范围不是整数";
        if (numbers.Length != 4) return "签名字典损坏：字节范围应有四个数";
        if (numbers.Any(n => n < 0)) return "签名字典损坏：字节范围含负数";
        if (numbers[0] != 0) return "签名字典损坏：字节范围不从文件开头开始";
        if (numbers[1] > numbers[2]) return "签名字典损坏：字节范围重叠";
        // Compared one by one first, so the sum cannot overflow.
        if (numbers[2] > text.Length || numbers[3] > text.Length || numbers[2] + numbers[3] > text.Length)
            return "签名字典损坏：字节范围超出文件";
        if (numbers[2] - numbers[1] < 2) return "签名字典损坏：字节范围没有为签名数据留出空缺";
        range = numbers;
        return null;
    }

    /// <summary>The "N G obj … endobj" around the /ByteRange: the nearest "obj" keyword before it must open an
    /// object (not be the end of an "endobj"), and the nearest after it must be an "endobj".</summary>
    private static string? EnclosingObject(string text, int at, out int start, out int end)
    {
        const string notInObject = "签名字典损坏：字节范围不在 PDF 对象（obj … endobj）中";
        start = end = 0;
        var from = Math.Max(0, at - ObjectWindow);
        var before = text.LastIndexOf("obj", at, at - from + 1, StringComparison.Ordinal);
        if (before < 0 || IsEndObj(text, before)) return notInObject;
        var after = text.IndexOf("obj", at, Math.Min(ObjectWindow, text.Length - at), StringComparison.Ordinal);
        if (after < 0 || !IsEndObj(text, after)) return notInObject;
        start = before + 3;
        end = after - 3;
        return null;
    }

    private static bool IsEndObj(string text, int obj) => obj >= 3 && string.CompareOrdinal(text, obj - 3, "end", 0, 3) == 0;

    /// <summary>Whether [from, to) is a hex string that is the value of a /Contents key in the dictionary.</summary>
    private static bool IsContentsValue(string text, int objectStart, int from, int to)
    {
        if (text[from] != '<' || text[to - 1] != '>') return false;
        var key = from - 1;
        while (key > objectStart && IsWhitespace(text[key])) key--;
        const string contents = "/Contents";
        return key + 1 - contents.Length >= objectStart && string.CompareOrdinal(text, key + 1 - contents.Length, contents, 0, contents.Length) == 0;
    }

    private static string? DecodeHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        var problem = hex.Length > 2 * MaxSignatureBytes ? $"签名数据过大（超过 {MaxSignatureBytes / 1024} KB）"
            : hex.ContainsAnyExcept(HexDigits) ? "签名数据损坏：/Contents 不是十六进制串"
            : hex.Length % 2 != 0 ? "签名数据损坏：十六进制串长度为奇数"
            // A placeholder never filled in.
            : !hex.ContainsAnyExcept('0') ? "签名数据为空"
            : null;
        bytes = problem is null ? Convert.FromHexString(hex) : [];
        return problem;
    }

    private static int SkipWhitespace(string text, int i, int bound)
    {
        var limit = Math.Min(text.Length, i + bound);
        while (i < limit && IsWhitespace(text[i])) i++;
        return i;
    }

    // PDF whitespace: NUL, tab, line feed, form feed, carriage return, space.
    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\f' or '\0';
}
