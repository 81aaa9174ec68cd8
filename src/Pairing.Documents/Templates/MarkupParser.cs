using Pairing.Documents.Rendering;

namespace Pairing.Documents.Templates;

/// <summary>Turns rendered template markup into document blocks, numbering headings and clauses:
/// <c># title</c>, <c>## 一、heading</c>, <c>### （一）heading</c>, <c>+ 第一条 clause</c>, <c>| table | rows |</c>,
/// <c>[签署] role | institution | signatory | code</c> (the code names the party's signature field), <c>[分页]</c>, <c>[二维码] payload | caption</c>; other lines are
/// paragraphs, joined until a blank line.</summary>
public static class MarkupParser
{
    public static (string Title, IReadOnlyList<Block> Blocks) Parse(string template, string markup)
    {
        var blocks = new List<Block>();
        string? title = null;
        var paragraph = new List<string>();
        var table = new List<(int Line, string[] Cells)>();
        var signatures = new List<SignatureParty>();
        int section = 0, subsection = 0, clause = 0;

        void Flush()
        {
            if (paragraph.Count > 0) blocks.Add(new Paragraph(string.Concat(paragraph)));
            paragraph.Clear();
            if (table.Count > 0) blocks.Add(TableOf(template, table));
            table.Clear();
            if (signatures.Count > 0) blocks.Add(new SignatureBlock(signatures.ToList()));
            signatures.Clear();
        }

        var lines = markup.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            if (line.StartsWith('|'))
            {
                if (paragraph.Count > 0 || signatures.Count > 0) Flush();
                if (!IsSeparator(line)) table.Add((number, Cells(line)));
                continue;
            }
            if (line.StartsWith("[签署]", StringComparison.Ordinal))
            {
                if (paragraph.Count > 0 || table.Count > 0) Flush();
                var cells = line["[签署]".Length..].Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length is < 2 or > 4 || cells[..2].Any(c => c == ""))
                    throw new TemplateException(template, number, null, "签署栏应写作「[签署] 角色 | 单位 | 签署人 | 机构代码」");
                signatures.Add(new SignatureParty(cells[0], cells[1], cells.Length >= 3 && cells[2] != "" ? cells[2] : null,
                    cells.Length == 4 && cells[3] != "" ? cells[3] : null));
                continue;
            }
            var plain = line != "" && !line.StartsWith('#') && !line.StartsWith("+ ", StringComparison.Ordinal) && !line.StartsWith('[');
            if (plain)
            {
                if (table.Count > 0 || signatures.Count > 0) Flush();
                paragraph.Add(line);
                continue;
            }
            Flush();
            // A marker with nothing after it is a field left empty ("### {{area}}" for a measure without an area):
            // it draws nothing rather than making the document impossible to render.
            if (line is "" or "##" or "###" or "+") continue;
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                if (title is not null) throw new TemplateException(template, number, null, "文件只能有一个标题（# 开头的行）");
                title = line[2..].Trim();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                (section, subsection) = (section + 1, 0);
                blocks.Add(new Heading1($"{ChineseNumerals.Of(section)}、{line[3..].Trim()}"));
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
                blocks.Add(new Heading2($"（{ChineseNumerals.Of(++subsection)}）{line[4..].Trim()}"));
            else if (line.StartsWith("+ ", StringComparison.Ordinal))
                blocks.Add(new Clause($"第{ChineseNumerals.Of(++clause)}条", line[2..].Trim()));
            else if (line == "[分页]")
                blocks.Add(new PageBreak());
            else if (line.StartsWith("[二维码]", StringComparison.Ordinal))
            {
                var parts = line["[二维码]".Length..].Split('|', 2).Select(c => c.Trim()).ToArray();
                if (parts.Length != 2 || parts[0] == "") throw new TemplateException(template, number, null, "二维码应写作「[二维码] 链接 | 说明」");
                blocks.Add(new QrCode(parts[0], parts[1]));
            }
            else if (line.StartsWith('['))
                throw new TemplateException(template, number, null, $"不认识的指令 {line}（可用：[签署]、[分页]、[二维码]）");
            else
                throw new TemplateException(template, number, null, $"不认识的标记 {line}（# 标题，## 一级标题，### 二级标题）");
        }
        Flush();
        if (title is null) throw new TemplateException(template, 1, null, "缺少标题（以 # 开头的一行）");
        return (title, blocks);
    }

    private static bool IsSeparator(string line) => line.Trim('|', ' ').Length > 0 && line.Trim('|', ' ', '-', ':').Length == 0;

    private static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static Table TableOf(string template, List<(int Line, string[] Cells)> rows)
    {
        var header = rows[0].Cells;
        foreach (var (line, cells) in rows.Skip(1))
            if (cells.Length != header.Length)
                throw new TemplateException(template, line, null, $"表格这一行有 {cells.Length} 列，表头有 {header.Length} 列");
        var body = rows.Skip(1).Select(r => (IReadOnlyList<string>)r.Cells).ToList();
        // Columns share the width by how much text they hold, within limits so no column is starved.
        var weights = header.Select((h, c) => Math.Clamp(Math.Max(h.Length, body.Count == 0 ? 0 : body.Average(r => r[c].Length)), 3, 24)).ToList();
        return new Table(header, body, weights);
    }
}
