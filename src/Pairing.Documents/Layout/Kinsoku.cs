namespace Pairing.Documents.Layout;

/// <summary>Chinese line-breaking prohibitions (禁则): characters that may not start a line, and characters that may
/// not end one. The sets follow the house style in design.md §6.</summary>
public static class Kinsoku
{
    public const string NoLineStart = "，。；：、？！）》」』】〉”’…—·%,.;:?!)]}";
    public const string NoLineEnd = "（《「『【〈“‘([{";

    public static bool CannotStartLine(char c) => NoLineStart.Contains(c);
    public static bool CannotEndLine(char c) => NoLineEnd.Contains(c);

    /// <summary>Ideographs and fullwidth forms: a line may break between any two of them.</summary>
    public static bool IsIdeographic(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u3000' and <= '\u303F'
        || char.IsSurrogate(c);
}
