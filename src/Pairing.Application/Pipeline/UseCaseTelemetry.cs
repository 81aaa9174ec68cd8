using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pairing.Workflows.Runtime;

namespace Pairing.Application.Pipeline;

/// <summary>A span per use case (between the web request's span and the engine's steps) and the use cases' latency
/// by name and outcome. Collected only when a host listens (see the README's Operations section).</summary>
public static class UseCaseTelemetry
{
    public const string Name = "Pairing.Application";

    /// <summary>Every activity source and meter Pairing itself writes to (use cases and the engine), for hosts to
    /// listen to; Npgsql's own ("Npgsql") adds the PostgreSQL commands.</summary>
    public static readonly IReadOnlyList<string> Sources = [Name, EngineTelemetry.Name, "Npgsql"];

    /// <summary>Which exporters the environment asks for: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set or
    /// PAIRING_TELEMETRY names "otlp", the console when PAIRING_TELEMETRY names "console"; none when it is "off".</summary>
    public static (bool Otlp, bool Console) Exporters(Func<string, string?> setting)
    {
        var asked = (setting("PAIRING_TELEMETRY") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (asked.Contains("off", StringComparer.OrdinalIgnoreCase)) return (false, false);
        return (asked.Contains("otlp", StringComparer.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(setting("OTEL_EXPORTER_OTLP_ENDPOINT")),
            asked.Contains("console", StringComparer.OrdinalIgnoreCase));
    }

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("pairing.usecase.duration", "s",
        "Time a use case took, by use case and outcome (ok, refused, error).");

    public static void Record(string useCase, string outcome, TimeSpan elapsed) =>
        Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("usecase", useCase), new KeyValuePair<string, object?>("outcome", outcome));
}
