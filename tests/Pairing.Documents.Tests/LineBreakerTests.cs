using Pairing.Documents.Layout;

namespace Pairing.Documents.Tests;

public sealed class LineBreakerTests
{
    // A simple metric: ideographs and fullwidth marks are 1 em, ASCII is half an em. Lines are 10 em wide.
    private static double Measure(string s) => s.Sum(c => c <= '\u007F' ? 0.5 : 1.0);

    private static string[] Lines(string text, double width = 10, double indent = 0) =>
        LineBreaker.Break(text, width, Measure, indent).Select(l => l.Text).ToArray();

    [Fact]
    public void Chinese_text_breaks_between_any_two_ideographs_and_keeps_every_character()
    {
        var text = "清远市第一中学托管帮扶连山中学建立一对一帮扶工作机制";
        var lines = Lines(text);
        Assert.Equal(["清远市第一中学托管帮", "扶连山中学建立一对一", "帮扶工作机制"], lines);
        Assert.Equal(text, string.Concat(lines));
    }

    [Fact]
    public void Closing_punctuation_never_starts_a_line_and_opening_punctuation_never_ends_one()
    {
        // Without kinsoku "，" would start line 2 and "《" would end line 2.
        var lines = Lines("甲乙丙丁戊己庚辛壬癸，子丑寅卯辰巳午未《申酉》戌亥");
        Assert.All(lines.Skip(1), l => Assert.False(Kinsoku.CannotStartLine(l[0]), $"line starts with {l[0]}"));
        Assert.All(lines, l => Assert.False(Kinsoku.CannotEndLine(l[^1]), $"line ends with {l[^1]}"));
        Assert.Equal("甲乙丙丁戊己庚辛壬", lines[0]);
        Assert.StartsWith("癸，", lines[1]);

        foreach (var text in new[] { "一二三四五六七八九十。”……后文", "一二三四五六七八九（“引文”）", "一二三四五六七八九——破折号" })
        {
            var broken = Lines(text);
            Assert.Equal(text, string.Concat(broken));
            Assert.All(broken.Skip(1), l => Assert.False(Kinsoku.CannotStartLine(l[0]), $"{text}: line starts with {l[0]}"));
            Assert.All(broken.SkipLast(1), l => Assert.False(Kinsoku.CannotEndLine(l[^1]), $"{text}: line ends with {l[^1]}"));
        }
    }

    [Fact]
    public void Latin_words_and_numbers_stay_whole_among_Chinese()
    {
        var lines = Lines("本科上线率提高12.5%，引入PDF签名与QR码验证");
        Assert.Contains(lines, l => l.Contains("12.5%"));
        Assert.Contains(lines, l => l.Contains("PDF"));
        Assert.Equal("本科上线率提高12.5%，引入PDF签名与QR码验证", string.Concat(lines));
        Assert.All(lines, l => Assert.True(Measure(l) <= 10));

        var english = Lines("County high school trusteeship agreement");
        Assert.Equal(["County high school", "trusteeship", "agreement"], english);
    }

    [Fact]
    public void A_word_longer_than_a_line_is_cut_and_nothing_is_lost()
    {
        var url = "https://pairing.example.cn/verify/0123456789abcdef";
        var lines = LineBreaker.Break($"核验地址{url}结束", 10, Measure);
        Assert.Equal($"核验地址{url}结束", string.Concat(lines.Select(l => l.Text)));
        Assert.All(lines, l => Assert.True(l.Width <= 10 + 1e-9, $"{l.Text} is {l.Width} wide"));
        Assert.True(lines.Count >= 4);
    }

    [Fact]
    public void The_first_line_leaves_room_for_a_two_character_indent_and_only_the_last_line_ends_the_paragraph()
    {
        var lines = LineBreaker.Break("为深入实施百县千镇万村高质量发展工程，推动县域普通高中振兴", 10, Measure, firstLineIndent: 2);
        Assert.Equal("为深入实施百县千", lines[0].Text);
        // "程，" travels together, so line 2 stops one character short rather than start line 3 with "，".
        Assert.Equal("镇万村高质量发展工", lines[1].Text);
        Assert.StartsWith("程，", lines[2].Text);
        Assert.Single(lines, l => l.EndsParagraph);
        Assert.True(lines[^1].EndsParagraph);
        Assert.Equal([""], Lines(""));
    }
}
