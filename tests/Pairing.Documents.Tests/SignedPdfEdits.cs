using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Pairing.Documents.Tests;

/// <summary>What an attacker does to a signed PDF: rewrite bytes in place, change a byte range, or replace the CMS in
/// the newest signature with one of their own making over the same bytes.</summary>
internal static partial class SignedPdfEdits
{
    /// <summary>The newest signature's byte range: its four numbers and where its array text lies.</summary>
    public static (long[] Numbers, int Start, int Length) LastByteRange(byte[] pdf)
    {
        var m = ByteRange().Matches(Latin1(pdf))[^1];
        var numbers = m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        return (numbers, m.Groups[1].Index, m.Groups[1].Length);
    }

    /// <summary>Replaces the text between the newest /ByteRange's brackets, padded with spaces to keep every offset.</summary>
    public static byte[] WithByteRange(byte[] pdf, string numbers)
    {
        var (_, start, length) = LastByteRange(pdf);
        return Splice(pdf, start, length, numbers.PadRight(length));
    }

    /// <summary>Replaces <paramref name="length"/> bytes at <paramref name="at"/> with Latin-1 text.</summary>
    public static byte[] Splice(byte[] pdf, int at, int length, string text) =>
        [.. pdf[..at], .. Encoding.Latin1.GetBytes(text), .. pdf[(at + length)..]];

    /// <summary>Replaces the first occurrence of <paramref name="find"/> at or after <paramref name="from"/>.</summary>
    public static byte[] Replace(byte[] pdf, string find, string with, int from = 0)
    {
        var at = Latin1(pdf).IndexOf(find, from, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"{find} not found");
        return Splice(pdf, at, find.Length, with);
    }

    /// <summary>Writes hex into the newest signature's /Contents from its start, leaving the rest of the padding.</summary>
    public static byte[] WithContentsHex(byte[] pdf, string hex)
    {
        var (r, _, _) = LastByteRange(pdf);
        var room = (int)(r[2] - r[1] - 2);
        if (hex.Length > room) throw new InvalidOperationException("the CMS does not fit in /Contents");
        return Splice(pdf, (int)r[1] + 1, room, hex.PadRight(room, '0'));
    }

    /// <summary>The bytes the newest signature covers.</summary>
    public static byte[] Covered(byte[] pdf)
    {
        var (r, _, _) = LastByteRange(pdf);
        return [.. pdf[..(int)r[1]], .. pdf[(int)r[2]..(int)(r[2] + r[3])]];
    }

    /// <summary>Replaces the newest signature's CMS with a fresh one over the same bytes, made by
    /// <paramref name="signers"/> (SHA-256 unless they say otherwise). With <paramref name="embedded"/>, the CMS
    /// instead carries and signs that content, as adbe.pkcs7.sha1 carried a digest of the file.</summary>
    public static byte[] Resign(byte[] pdf, IEnumerable<CmsSigner> signers, byte[]? embedded = null)
    {
        var cms = embedded is null ? new SignedCms(new ContentInfo(Covered(pdf)), detached: true) : new SignedCms(new ContentInfo(embedded));
        foreach (var signer in signers) cms.ComputeSignature(signer, silent: true);
        return WithContentsHex(pdf, Convert.ToHexString(cms.Encode()));
    }

    public static CmsSigner Signer(X509Certificate2 certificate, X509IncludeOption include = X509IncludeOption.EndCertOnly) =>
        new(SubjectIdentifierType.IssuerAndSerialNumber, certificate) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), IncludeOption = include };

    public static string Latin1(byte[] pdf) => Encoding.Latin1.GetString(pdf);

    [GeneratedRegex(@"/ByteRange\s*\[([^\]]*)\]")]
    private static partial Regex ByteRange();
}
