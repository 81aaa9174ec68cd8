using FluentValidation;
using Pairing.Application.Errors;

namespace Pairing.Application.Validation;

/// <summary>What text may be stored, checked before anything reaches the database, the same on SQLite and PostgreSQL:
/// no NUL (PostgreSQL text cannot hold it; SQLite would cut the text there), no other C0 control character (never typed,
/// and Word's XML cannot hold them), tab and line breaks only in multi-line text, no half of a surrogate pair or
/// U+FFFE/U+FFFF (not characters at all), no U+FFFD (garbled text), and no more characters than the column or the documents hold.</summary>
public static class StoredText
{
    /// <summary>Why the text cannot be stored as it is, in Chinese (to follow the field's name), or null when it can.</summary>
    public static string? Problem(string? text, int maxLength, bool multiline = false) =>
        text is null ? null
        : CharacterProblem(text, multiline) is { } problem ? problem
        : text.Length > maxLength ? $"不能超过 {maxLength} 个字符（现有 {text.Length} 个）"
        : null;

    /// <summary>The first character no stored text may contain, described in Chinese; null when there is none.</summary>
    public static string? CharacterProblem(string text, bool multiline = true)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return "含有空字符（U+0000），请删除后重试";
            if (c < ' ' && !(multiline && c is '\t' or '\n' or '\r'))
                return c is '\t' or '\n' or '\r' ? "不能换行或含有制表符" : $"含有不可见的控制字符（U+{(int)c:X4}），请删除后重试";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') return $"含有无效字符（U+{(int)c:X4}），请删除后重试";
            // What a decoder leaves for bytes it could not read (a JSON writer also puts it for half a surrogate pair):
            // garbled text, and no font of the documents can draw it.
            if (c == '\uFFFD') return "含有乱码（U+FFFD，通常是复制或编码出错留下的），请删除后重试";
        }
        return null;
    }

    /// <summary>Throws the Invalid error naming the field when the text cannot be stored.</summary>
    public static void Check(string? text, string field, string label, int maxLength, bool multiline = false)
    {
        if (Problem(text, maxLength, multiline) is { } problem) throw new PairingException(ErrorKind.Invalid, label + problem, field);
    }

    /// <summary>The rule in a use case's validator: the text, when given, can be stored. The message starts with the
    /// field's Chinese label, which a page shows alone.</summary>
    public static IRuleBuilderOptions<T, string?> StorableText<T>(this IRuleBuilder<T, string?> rule, string label, int maxLength, bool multiline = false) =>
        rule.Must(text => Problem(text, maxLength, multiline) is null)
            .WithMessage((_, text) => label + Problem(text, maxLength, multiline));

    /// <summary>Each item of a list, when given: present (not null) and storable. An item is one line.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> StorableItems<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule, string label,
        int maxItems, int maxLength) =>
        rule.Must(items => ItemsProblem(items, maxItems, maxLength) is null)
            .WithMessage((_, items) => label + ItemsProblem(items, maxItems, maxLength));

    private static string? ItemsProblem(IReadOnlyList<string>? items, int maxItems, int maxLength)
    {
        if (items is null) return null;
        if (items.Count > maxItems) return $"最多 {maxItems} 项（现有 {items.Count} 项）";
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null) return $"第 {i + 1} 项为空值（null）";
            if (Problem(items[i], maxLength) is { } problem) return $"第 {i + 1} 项{problem}";
        }
        return null;
    }
}
