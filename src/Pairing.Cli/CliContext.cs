using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Pairing.Application;
using Pairing.Application.Documents;
using Pairing.Workflows.Runtime;
using Spectre.Console;

namespace Pairing.Cli;

/// <summary>What every command needs: the use cases composed on the chosen database and clock (the command line is a
/// composition root: it builds the services once and sends requests), and output helpers (tables for people, JSON for
/// scripts, progress and errors on stderr).</summary>
public sealed class CliContext(ParseResult parse, TextWriter output, TextWriter error, TimeProvider? clock) : IAsyncDisposable
{
    public static readonly Option<string?> DbOption = new("--db")
    {
        Description = "数据库连接串：默认 data/pairing.db（SQLite）；含 Host= 时为 PostgreSQL。也可用环境变量 PAIRING_DB",
        Recursive = true,
    };

    public static readonly Option<string?> NowOption = new("--now")
    {
        Description = "以指定时间运行（yyyy-MM-dd 或 ISO 时间；仅日期时取当天北京时间 12:00），用于补跑或演示定时器",
        Recursive = true,
    };

    public static readonly Option<bool> JsonOption = new("--json") { Description = "以 JSON 输出" };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private ServiceProvider? _services;

    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public ParseResult Parse { get; } = parse;

    private ServiceProvider Services => _services ??= new ServiceCollection()
        .AddPairing(new PairingOptions(Connection, Clock: ClockFromOption() ?? clock)).BuildServiceProvider();

    public string? Connection => Parse.GetValue(DbOption) ?? Environment.GetEnvironmentVariable("PAIRING_DB");

    /// <summary>Runs one use case.</summary>
    public Task<T> Send<T>(IRequest<T> request) => Services.GetRequiredService<IMediator>().Send(request);

    public DocumentSettings Documents => Services.GetRequiredService<DocumentSettings>();

    public DateTime UtcNow => Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    private EngineOptions Engine => Services.GetRequiredService<EngineOptions>();

    public bool Json => Parse.GetValue(JsonOption);

    public IAnsiConsole Console => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Output),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    public void WriteJson(object value) => Output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public void WriteTable(string[] headers, IEnumerable<string?[]> rows, string? title = null)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null) table.Title = new TableTitle(title);
        foreach (var h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)));
        foreach (var row in rows) table.AddRow(row.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? "")).ToArray());
        var console = Console;
        console.Profile.Width = 200;
        console.Write(table);
    }

    public IProgress<string> Progress => new LineProgress(Error);

    /// <summary>Times are stored in UTC and shown in Beijing time.</summary>
    public string Local(DateTime utc) => Engine.LocalDate(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (utc + Engine.LocalOffset).ToString(" HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A task due at local midnight is due on the day before: that is the last day to act.</summary>
    public string? Deadline(DateTime? dueAt) => dueAt is DateTime d ? Engine.LocalDate(d.AddTicks(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
    }

    private TimeProvider? ClockFromOption()
    {
        var text = Parse.GetValue(NowOption);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new ShiftedClock(new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)));
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return new ShiftedClock(instant);
        throw new ArgumentException($"--now：无法识别的时间「{text}」，请用 yyyy-MM-dd");
    }

    private sealed class LineProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"… {value}");
    }
}
