using Pairing.Documents.Rendering;
using Pairing.Documents.Templates;

namespace Pairing.Documents.Tests;

public sealed class TemplateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pairing-templates").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private TemplateLibrary Library(string name, string source)
    {
        File.WriteAllText(Path.Combine(_folder, name), source);
        return new TemplateLibrary(_folder);
    }

    private static readonly Dictionary<string, object?> Data = new()
    {
        ["title"] = "帮扶协议",
        ["goals"] = "提高教学质量",
        ["parties"] = new List<object>
        {
            new Dictionary<string, object?> { ["role"] = "甲方（帮扶方）", ["name"] = "清远市第一中学", ["signatory"] = "陈志强" },
            new Dictionary<string, object?> { ["role"] = "乙方（受援方）", ["name"] = "英德市浛洸中学", ["signatory"] = null },
        },
    };

    [Fact]
    public void Markup_becomes_numbered_headings_clauses_tables_and_signatures()
    {
        var library = Library("a.hbs", """
            # {{title}}
            ## 帮扶目标
            {{goals}}，
            三年见效。

            ### 课程建设
            + 甲方派驻教师。
            + 乙方提供保障。
            ## 双方签署
            | 单位 | 签署人 |
            |---|---|
            {{#each parties}}
            | {{name}} | {{signatory}} |
            {{/each}}
            {{#each parties}}
            [签署] {{role}} | {{name}} | {{signatory}}
            {{/each}}
            """);
        var (title, blocks) = library.Render("a.hbs", Data);

        Assert.Equal("帮扶协议", title);
        Assert.Equal(new Heading1("一、帮扶目标"), blocks[0]);
        Assert.Equal(new Paragraph("提高教学质量，三年见效。"), blocks[1]);
        Assert.Equal(new Heading2("（一）课程建设"), blocks[2]);
        Assert.Equal(new Clause("第一条", "甲方派驻教师。"), blocks[3]);
        Assert.Equal(new Clause("第二条", "乙方提供保障。"), blocks[4]);
        Assert.Equal(new Heading1("二、双方签署"), blocks[5]);
        var table = Assert.IsType<Table>(blocks[6]);
        Assert.Equal(["单位", "签署人"], table.Headers);
        Assert.Equal(["英德市浛洸中学", ""], table.Rows[1]);
        var signatures = Assert.IsType<SignatureBlock>(blocks[7]);
        Assert.Equal(new SignatureParty("甲方（帮扶方）", "清远市第一中学", "陈志强"), signatures.Parties[0]);
        Assert.Null(signatures.Parties[1].Signatory);
    }

    [Fact]
    public void A_missing_field_names_the_template_line_and_field()
    {
        var library = Library("b.hbs", "# {{title}}\n## 目标\n{{goals}}\n经费：{{funding.amount}}\n");
        var error = Assert.Throws<TemplateException>(() => library.Render("b.hbs", Data));
        Assert.Equal("b.hbs", error.Template);
        Assert.Equal(4, error.Line);
        Assert.Contains("funding", error.Field);
        Assert.Contains("模板 b.hbs 第 4 行", error.Message);
    }

    [Fact]
    public void A_missing_field_inside_a_loop_and_a_broken_block_are_located()
    {
        var loop = Library("c.hbs", "# t\n{{#each parties}}\n{{name}}\n{{phone}}\n{{/each}}\n");
        var error = Assert.Throws<TemplateException>(() => loop.Render("c.hbs", Data));
        Assert.Equal((4, "phone"), (error.Line, error.Field));

        var broken = Library("d.hbs", "# t\n正文\n{{#each parties}}\n{{name}}\n");
        var syntax = Assert.Throws<TemplateException>(() => broken.Render("d.hbs", Data));
        Assert.Equal(3, syntax.Line);
        Assert.Contains("each", syntax.Reason);
    }

    [Fact]
    public void Field_values_cannot_change_the_document_structure()
    {
        var library = Library("e.hbs", "# {{title}}\n{{goals}}\n");
        var (_, blocks) = library.Render("e.hbs", new Dictionary<string, object?> { ["title"] = "协议", ["goals"] = "## 伪造标题\n| 表 | 格 |\n[分页]" });
        var paragraph = Assert.Single(blocks);
        Assert.Equal(new Paragraph("＃# 伪造标题 ｜ 表 ｜ 格 ｜ [分页]"), paragraph);
    }

    [Fact]
    public void Templates_resolve_the_city_variant_first()
    {
        File.WriteAllText(Path.Combine(_folder, "p.hbs"), "# 通用\n");
        var library = Library("p.qingyuan.hbs", "# 清远\n");
        Assert.Equal("p.qingyuan.hbs", library.Resolve("p.qingyuan.hbs", "p.hbs"));
        Assert.Equal("p.hbs", library.Resolve("p.jieyang.hbs", "p.hbs"));
        Assert.Throws<TemplateException>(() => library.Resolve("x.hbs"));
    }

    [Theory]
    [InlineData(1, "一")]
    [InlineData(10, "十")]
    [InlineData(12, "十二")]
    [InlineData(20, "二十")]
    [InlineData(37, "三十七")]
    [InlineData(105, "一百零五")]
    [InlineData(118, "一百一十八")]
    public void Numbers_read_as_chinese_numerals(int n, string expected) => Assert.Equal(expected, ChineseNumerals.Of(n));
}
