using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace Pairing.Web.Hosting;

/// <summary>Console logs in one of two forms. PAIRING_LOG_FORMAT=json: one JSON object per line (the built-in JSON
/// console formatter) with UTC timestamps, the trace id, and every scope's values as properties — Actor (the account)
/// and Agreement (its number) among them — for a log collector. Otherwise one readable line per entry for a developer's
/// terminal, ending with the actor and agreement in brackets.</summary>
public static class LoggingSetup
{
    public static bool Json(IConfiguration configuration) => string.Equals(configuration["PAIRING_LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase);

    public static void AddPairingLogging(this WebApplicationBuilder builder)
    {
        var json = Json(builder.Configuration);
        builder.Logging.ClearProviders();
        // The framework's own per-request lines repeat RequestLogging's; keep its warnings unless configured otherwise.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null) builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = json ? ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId : ActivityTrackingOptions.None);
        if (json)
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        else
            builder.Logging.AddConsole(o => o.FormatterName = TextLogFormatter.Name).AddConsoleFormatter<TextLogFormatter, ConsoleFormatterOptions>();
    }
}
