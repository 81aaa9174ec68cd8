using System.Text;

namespace Pairing.Application.Registry;

/// <summary>A quoted field that never closes: Line is the line of the file where its opening quote stands (1-based),
/// Field the field's position in its row (0-based).</summary>
public sealed class UnclosedQuoteException(int line, int field)
    : FormatException($"第 {line} 行第 {field + 1} 列的引号没有结束")
{
    public int Line { get; } = line;
    public int Field { get; } = field;
}

/// <summary>RFC 4180 CSV: comma separated, fields may be quoted, quotes doubled inside quotes, CRLF or LF.</summary>
public static class CsvReader
{
    /// <summary>The rows of the text. A quote still open at the end of the text is an
    /// <see cref="UnclosedQuoteException"/> naming the line it opened on, rather than one giant last field that
    /// swallows every row after it.</summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int line = 1, quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else if (c != '\r') field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; quoteLine = line; break;
                case ',': row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); break;
                case '\uFEFF' when i == 0: break;
                default: field.Append(c); break;
            }
        }
        if (quoted) throw new UnclosedQuoteException(quoteLine, row.Count);
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
