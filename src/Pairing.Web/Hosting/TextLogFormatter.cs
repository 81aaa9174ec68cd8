using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Pairing.Application.Pipeline;

namespace Pairing.Web.Hosting;

/// <summary>One line per entry for people: time, level, the category's short name, the message, and the actor and
/// agreement of the request or use case in brackets ("[Actor=qy.c01 Agreement=441800-TG-2024-001]"). Other scopes
/// (connection and request ids) are left to the JSON form.</summary>
public sealed class TextLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "pairing-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null) return;
        var subject = new Dictionary<string, object?>(StringComparer.Ordinal);
        scopeProvider?.ForEachScope((scope, values) =>
        {
            if (scope is LogScope own)
                foreach (var (key, value) in own)
                    if (key != LogScope.UseCase) values[key] = value;
        }, subject);
        textWriter.Write(DateTime.Now.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(' ');
        textWriter.Write(ShortName(logEntry.Category));
        textWriter.Write(": ");
        textWriter.Write(message?.ReplaceLineEndings(" "));
        if (subject.Count > 0) textWriter.Write($" [{string.Join(" ", subject.Select(s => $"{s.Key}={s.Value}"))}]");
        textWriter.WriteLine();
        if (logEntry.Exception is not null) textWriter.WriteLine(logEntry.Exception.ToString());
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "    ",
    };

    /// <summary>"Pairing.Application.Pipeline.LoggingBehavior&lt;…&gt;" → "LoggingBehavior".</summary>
    private static string ShortName(string category)
    {
        var open = category.IndexOf('<', StringComparison.Ordinal);
        var plain = open < 0 ? category : category[..open];
        return plain[(plain.LastIndexOf('.') + 1)..];
    }
}
