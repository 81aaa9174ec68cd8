using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Pairing.Application.Pipeline;
using Pairing.Web.Hosting;

namespace Pairing.Web.Tests;

/// <summary>Every line logged while a request or a use case is handled names the actor (the account) and the
/// agreement; each request gets one line with method, path, status and duration; PAIRING_LOG_FORMAT=json switches the
/// console to JSON lines.</summary>
public sealed class LoggingTests
{
    private sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope);

    /// <summary>Keeps every entry with the values of all scopes around it, as a structured log collector sees them.</summary>
    private sealed class Capture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
        public void Dispose() { }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                capture._scopes.ForEachScope((s, values) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (key, value) in pairs) values[key] = value;
                }, scope);
                capture.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), scope));
            }
        }
    }

    [Fact]
    public async Task Lines_logged_while_handling_a_request_carry_the_actor_and_the_agreement()
    {
        var capture = new Capture();
        await using var host = await OpsHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(capture));
        var client = await host.SignedInAsync("ops.tester");

        const string path = "/api/v1/agreements/441800-TG-2099-001";
        var response = await client.GetAsync(path);
        Assert.False(response.IsSuccessStatusCode);

        var handled = capture.Entries.Where(e => Equals(e.Scope.GetValueOrDefault("RequestPath"), path)).ToList();
        var useCase = Assert.Single(handled, e => e.Category.Contains("LoggingBehavior", StringComparison.Ordinal));
        Assert.StartsWith("ShowAgreement refused", useCase.Message);
        var request = Assert.Single(handled, e => e.Category.EndsWith(nameof(RequestLogging), StringComparison.Ordinal));
        Assert.Matches($@"^HTTP GET {System.Text.RegularExpressions.Regex.Escape(path)} → {(int)response.StatusCode} in \d+\.\d ms$", request.Message);
        Assert.Equal(LogLevel.Information, request.Level);
        Assert.All(handled, e =>
        {
            Assert.Equal("ops.tester", e.Scope.GetValueOrDefault(LogScope.Actor));
            Assert.Equal("441800-TG-2099-001", e.Scope.GetValueOrDefault(LogScope.Agreement));
        });

        // A use case sent outside any request (the timer worker, the command line) names its actor and agreement too.
        await Assert.ThrowsAnyAsync<Exception>(() => host.App.Send(new Pairing.Application.Agreements.ShowAgreement.Query("qy.worker", "441800-TG-2099-002")));
        var direct = Assert.Single(capture.Entries, e => e.Message.StartsWith("ShowAgreement", StringComparison.Ordinal)
            && Equals(e.Scope.GetValueOrDefault(LogScope.Agreement), "441800-TG-2099-002"));
        Assert.Equal("qy.worker", direct.Scope[LogScope.Actor]);
        Assert.Equal("ShowAgreement", direct.Scope[LogScope.UseCase]);

        // Health probes come every few seconds: logged below the default level, so they do not bury the rest.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Contains(capture.Entries, e => e.Message.StartsWith("HTTP GET /Account/Login → 200", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Entries, e => e.Message.Contains("/health/live", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_console_writes_readable_lines_by_default_and_JSON_lines_on_request()
    {
        await using (var text = await OpsHost.StartAsync(migrate: false))
            Assert.Equal(TextLogFormatter.Name, text.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        await using (var json = await OpsHost.StartAsync(new Dictionary<string, string> { ["PAIRING_LOG_FORMAT"] = "json" }, migrate: false))
        {
            Assert.Equal(ConsoleFormatterNames.Json, json.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
            Assert.True(json.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        }

        // The readable line ends with the actor and agreement of the scope it was logged in.
        var scopes = new LoggerExternalScopeProvider();
        using var outer = scopes.Push("RequestPath:/x");
        using var subject = scopes.Push(new LogScope((LogScope.UseCase, "ActOnAgreement"), (LogScope.Actor, "qy.c01"), (LogScope.Agreement, "441800-TG-2024-001")));
        var writer = new StringWriter();
        new TextLogFormatter().Write(new LogEntry<string>(LogLevel.Information, "Pairing.Application.Pipeline.LoggingBehavior<A, B>", default, "ActOnAgreement refused",
            null, (s, _) => s), scopes, writer);
        Assert.Matches(@"^\d\d:\d\d:\d\d info LoggingBehavior: ActOnAgreement refused \[Actor=qy\.c01 Agreement=441800-TG-2024-001\]\r?\n$", writer.ToString());
    }
}
