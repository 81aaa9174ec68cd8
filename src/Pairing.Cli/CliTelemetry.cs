using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pairing.Application.Pipeline;

namespace Pairing.Cli;

/// <summary>The same traces and metrics as the web process (use cases, engine steps, timers, PostgreSQL commands) for
/// one command, e.g. a `timers run` from cron: exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set and to the
/// console (stdout, mixed with the command's output: for development) when PAIRING_TELEMETRY=console; flushed when the command ends. Nothing
/// otherwise.</summary>
public sealed class CliTelemetry : IDisposable
{
    private readonly TracerProvider _traces;
    private readonly MeterProvider _metrics;

    private CliTelemetry(TracerProvider traces, MeterProvider metrics)
    {
        _traces = traces;
        _metrics = metrics;
    }

    public static CliTelemetry? Start()
    {
        var (otlp, console) = UseCaseTelemetry.Exporters(Environment.GetEnvironmentVariable);
        if (!otlp && !console) return null;
        var resource = ResourceBuilder.CreateDefault().AddService("pairing-cli", serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}");
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource([.. UseCaseTelemetry.Sources]);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter([.. UseCaseTelemetry.Sources]);
        if (otlp)
        {
            traces.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }
        if (console)
        {
            traces.AddConsoleExporter();
            metrics.AddConsoleExporter();
        }
        return new CliTelemetry(traces.Build(), metrics.Build());
    }

    public void Dispose()
    {
        // Disposing flushes what is buffered: a short-lived command still delivers its spans and its one metric export.
        _traces.Dispose();
        _metrics.Dispose();
    }
}
