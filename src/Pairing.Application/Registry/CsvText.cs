using System.Text;
using Pairing.Application.Errors;

namespace Pairing.Application.Registry;

/// <summary>The text of an uploaded CSV. Excel on a Chinese Windows saves "CSV" in GBK (GB18030's subset) unless told
/// otherwise, so a file that is not valid UTF-8 is read as GB18030 when it decodes cleanly as such, and refused with
/// the fix otherwise — never read as mojibake.</summary>
public static class CsvText
{
    public const string Utf8 = "UTF-8", Gb18030 = "GB18030（GBK）";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] bytes, out string encoding)
    {
        encoding = Utf8;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
        }
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            var text = gb.GetString(bytes);
            encoding = Gb18030;
            return text;
        }
        catch (DecoderFallbackException)
        {
            throw new PairingException(ErrorKind.Invalid, "文件不是 UTF-8 编码，请另存为 UTF-8 CSV 或 Excel", "file");
        }
    }

    /// <summary>The header's name for a field position, read from the first line (for errors found before the header
    /// could be parsed as part of the table).</summary>
    public static string ColumnAt(string text, int field)
    {
        var firstLine = text.Split('\n', 2)[0];
        try
        {
            var header = CsvReader.Parse(firstLine).FirstOrDefault() ?? [];
            return field < header.Length && header[field].Trim().Length > 0 ? header[field].Trim() : $"第 {field + 1} 列";
        }
        catch (UnclosedQuoteException)
        {
            return $"第 {field + 1} 列";
        }
    }
}
