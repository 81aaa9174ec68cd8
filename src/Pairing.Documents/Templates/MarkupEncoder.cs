using System.Text;
using HandlebarsDotNet;

namespace Pairing.Documents.Templates;

/// <summary>Keeps field values from changing the structure of the rendered markup: a value cannot start a new line,
/// split a table cell, or begin with a heading or clause marker.</summary>
internal sealed class MarkupEncoder : ITextEncoder
{
    public void Encode(StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

    public void Encode(string? text, TextWriter target)
    {
        if (text is null) return;
        var value = text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Replace('|', '｜');
        if (value.Length > 0 && value[0] is '#' or '+' or '[') value = (char)(value[0] + 0xFEE0) + value[1..];
        target.Write(value);
    }

    public void Encode<T>(T? text, TextWriter target) where T : IEnumerator<char>
    {
        if (text is null) return;
        var builder = new StringBuilder();
        while (text.MoveNext()) builder.Append(text.Current);
        Encode(builder.ToString(), target);
    }
}
