using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pairing.Application.Pipeline;

namespace Pairing.Web.Hosting;

/// <summary>OpenTelemetry traces and metrics of web requests (ASP.NET Core), use cases, engine steps, PostgreSQL
/// commands and the .NET runtime, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTEL_*
/// variables configure it further) and to the console when PAIRING_TELEMETRY=console. Without either nothing is
/// collected. Health probes are not traced.</summary>
public static class TelemetrySetup
{
    public const string ServiceName = "pairing-web";

    public static void AddPairingTelemetry(this WebApplicationBuilder builder)
    {
        var (otlp, console) = UseCaseTelemetry.Exporters(name => builder.Configuration[name]);
        if (!otlp && !console) return;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health"))
                    .AddSource([.. UseCaseTelemetry.Sources]);
                if (otlp) tracing.AddOtlpExporter();
                if (console) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter([.. UseCaseTelemetry.Sources]);
                if (otlp) metrics.AddOtlpExporter();
                if (console) metrics.AddConsoleExporter();
            });
    }
}
