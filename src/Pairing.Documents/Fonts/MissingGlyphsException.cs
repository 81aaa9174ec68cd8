using System.Text;

namespace Pairing.Documents.Fonts;

/// <summary>One character a document needs that its font cannot draw, and where it occurs.</summary>
public sealed record MissingGlyph(Rune Character, string Font, string Context)
{
    public override string ToString() => $"「{Character}」(U+{Character.Value:X4}) 字体 {Font} 中没有，出现在「{Context}」";
}

/// <summary>Raised instead of drawing a document with empty boxes where characters should be.</summary>
public sealed class MissingGlyphsException(IReadOnlyList<MissingGlyph> missing)
    : Exception("文件中有字体无法显示的字符：" + string.Join("；", missing))
{
    public IReadOnlyList<MissingGlyph> Missing { get; } = missing;
}
