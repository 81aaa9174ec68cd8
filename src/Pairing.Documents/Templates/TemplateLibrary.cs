using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;
using Pairing.Documents.Rendering;

namespace Pairing.Documents.Templates;

/// <summary>The Handlebars templates under templates/, rendered with strict binding: a field the data does not have is
/// an error naming the template, its line and the field, never an empty gap in a signed document.</summary>
public sealed partial class TemplateLibrary(string folder)
{
    private readonly IHandlebars _handlebars = Handlebars.Create(new HandlebarsConfiguration
    {
        ThrowOnUnresolvedBindingExpression = true,
        TextEncoder = new MarkupEncoder(),
    });
    private readonly ConcurrentDictionary<string, (DateTime Stamp, HandlebarsTemplate<object, object> Render, string Source)> _compiled = new();

    public string Folder => folder;

    /// <summary>The first of the candidate templates (relative paths, most specific first) that exists.</summary>
    public string Resolve(params string[] candidates) =>
        candidates.FirstOrDefault(c => File.Exists(Path.Combine(folder, c)))
        ?? throw new TemplateException(candidates[^1], 0, null, $"模板不存在（查找了：{string.Join("、", candidates)}）");

    /// <summary>Renders a template with the data and parses the markup into a title and blocks.</summary>
    public (string Title, IReadOnlyList<Block> Blocks) Render(string template, object data)
    {
        var (_, render, source) = Compile(template);
        string markup;
        try
        {
            markup = render(data);
        }
        catch (HandlebarsUndefinedBindingException ex)
        {
            throw new TemplateException(template, LineOf(source, ex.Path), ex.Path, $"数据中没有字段 {ex.Path}");
        }
        catch (HandlebarsException ex)
        {
            throw new TemplateException(template, LineOfMessageToken(source, ex.Message), null, ex.Message);
        }
        return MarkupParser.Parse(template, markup);
    }

    private (DateTime, HandlebarsTemplate<object, object>, string) Compile(string template)
    {
        var path = Path.Combine(folder, template);
        if (!File.Exists(path)) throw new TemplateException(template, 0, null, "模板文件不存在");
        var stamp = File.GetLastWriteTimeUtc(path);
        if (_compiled.TryGetValue(template, out var cached) && cached.Stamp == stamp) return cached;
        var source = File.ReadAllText(path);
        try
        {
            var entry = (stamp, _handlebars.Compile(source), source);
            _compiled[template] = entry;
            return entry;
        }
        catch (HandlebarsException ex)
        {
            throw new TemplateException(template, LineOfMessageToken(source, ex.Message), null, $"模板语法错误：{ex.Message}");
        }
    }

    /// <summary>The line of the first expression that uses the field's last path segment.</summary>
    private static int LineOf(string source, string path)
    {
        var name = path.Split('.', '/').Last(s => s != "");
        var match = Regex.Match(source, @"\{\{[^}]*(?<![\w@])" + Regex.Escape(name) + @"(?!\w)");
        return match.Success ? source[..match.Index].Count(c => c == '\n') + 1 : 1;
    }

    /// <summary>Handlebars names the offending block ('#each', '/if') but not where it is; find it in the source.</summary>
    private static int LineOfMessageToken(string source, string message)
    {
        var token = QuotedToken().Match(message);
        if (!token.Success) return 1;
        var at = source.LastIndexOf("{{" + token.Groups[1].Value, StringComparison.Ordinal);
        return at < 0 ? 1 : source[..at].Count(c => c == '\n') + 1;
    }

    [GeneratedRegex(@"'([#/^]?[\w.-]+)'")]
    private static partial Regex QuotedToken();
}
