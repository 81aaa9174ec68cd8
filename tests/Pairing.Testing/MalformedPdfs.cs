using System.Text;

namespace Pairing.Testing;

/// <summary>A corpus of files an attacker (or a broken scanner) sends to the public verification: damaged copies of a
/// signed PDF and files that only start like one. Every one must be answered "not valid" — never a server error,
/// never a hang. Made from a signed PDF the caller supplies, so each project can use its own signer.</summary>
public static class MalformedPdfs
{
    /// <summary>Name → bytes. Names say what is wrong, in English, for test output.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> From(byte[] signed)
    {
        var text = Encoding.Latin1.GetString(signed);
        byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);
        byte[] Edit(string find, string with) =>
            text.Contains(find, StringComparison.Ordinal) ? Bytes(text.Replace(find, with, StringComparison.Ordinal)) : throw new InvalidOperationException(find);
        string Pad(string s, int length) => s.PadRight(length);
        var random = new Random(20261124);
        byte[] Noise(int length) { var b = new byte[length]; random.NextBytes(b); return b; }
        var range = text.LastIndexOf("/ByteRange", StringComparison.Ordinal);
        var rangeText = text[range..(text.IndexOf(']', range) + 1)];
        var xref = text.LastIndexOf("xref", StringComparison.Ordinal);
        var contents = text.LastIndexOf("/Contents", StringComparison.Ordinal);
        return
        [
            ("empty", []),
            ("not a PDF", Bytes("Hello, this is not a PDF at all.")),
            ("random bytes", Noise(64 * 1024)),
            ("the header alone", Bytes("%PDF-1.7")),
            ("the header then noise", [.. Bytes("%PDF-1.7\n"), .. Noise(256 * 1024)]),
            ("the header then NULs", [.. Bytes("%PDF-1.7\n"), .. new byte[64 * 1024]]),
            ("truncated to a tenth", signed[..(signed.Length / 10)]),
            ("truncated in half", signed[..(signed.Length / 2)]),
            ("truncated inside the signature", signed[..Math.Min(signed.Length - 1, contents + 40)]),
            ("truncated before %%EOF", signed[..text.LastIndexOf("%%EOF", StringComparison.Ordinal)]),
            ("garbage cross-reference table", [.. signed[..xref], .. Noise(signed.Length - xref)]),
            ("startxref of twenty digits", Bytes(text[..text.LastIndexOf("startxref", StringComparison.Ordinal)] + "startxref\n99999999999999999999\n%%EOF\n")),
            ("object numbers of twenty digits", Edit(" 0 obj", " 99999999999999999999 obj")),
            ("byte range of twenty-digit numbers", Edit(rangeText, Pad("/ByteRange [0 99999999999999999999 99999999999999999999 1]", rangeText.Length))),
            ("byte range beyond the file", Edit(rangeText, Pad($"/ByteRange [0 10 20 {signed.Length * 4}]", rangeText.Length))),
            ("byte range without obj", Edit(" obj", " ob_")),
            ("byte range without endobj", Edit("endobj", "endob_")),
            ("byte range unclosed", Edit(rangeText, Pad("/ByteRange [0 1 2", rangeText.Length))),
            ("missing /Contents", Edit("/Contents", "/Contentz")),
            ("unterminated /Contents", Bytes(text[..(contents + 12)])),
            ("a self-referencing /Prev", Bytes(text + $"\ntrailer\n<< /Size 3 /Root 1 0 R /Prev {text.Length + 1} >>\nstartxref\n{text.Length + 1}\n%%EOF\n")),
            ("recursive page tree", Bytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>\nendobj\n" +
                "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n134\n%%EOF\n")),
            ("deeply nested arrays", Bytes("%PDF-1.7\n1 0 obj\n" + new string('[', 200_000) + new string(']', 200_000) + "\nendobj\n%%EOF\n")),
            ("deeply nested dictionaries", Bytes("%PDF-1.7\n1 0 obj\n" + string.Concat(Enumerable.Repeat("<< /A ", 50_000)) + "\nendobj\n%%EOF\n")),
            ("thousands of signature dictionaries", Bytes("%PDF-1.7\n" + string.Concat(Enumerable.Range(1, 5000).Select(i =>
                $"{i} 0 obj\n<< /Type /Sig /ByteRange [0 10 20 30] /Contents <{new string('A', 64)}> >>\nendobj\n")) + "%%EOF\n")),
            ("a signature dictionary with megabytes of /Contents", Bytes($"%PDF-1.7\n1 0 obj\n<< /Type /Sig /ByteRange [0 30 {30 + 4_000_002} 10] /Contents <{new string('F', 4_000_000)}> >>\nendobj\n%%EOF\n")),
            ("random damage to every kilobyte", Damaged(signed, random)),
        ];
    }

    private static byte[] Damaged(byte[] signed, Random random)
    {
        var copy = (byte[])signed.Clone();
        for (var at = 16; at < copy.Length; at += 1024) copy[at] = (byte)random.Next(256);
        return copy;
    }
}
