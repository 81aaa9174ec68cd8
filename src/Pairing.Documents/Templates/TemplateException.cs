namespace Pairing.Documents.Templates;

/// <summary>A template that cannot be rendered: which template, which line, which field, and why.</summary>
public sealed class TemplateException(string template, int line, string? field, string reason)
    : Exception($"模板 {template} 第 {line} 行：{reason}")
{
    public string Template { get; } = template;
    public int Line { get; } = line;
    public string? Field { get; } = field;
    public string Reason { get; } = reason;
}
