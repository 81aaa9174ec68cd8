using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Pairing.Web.Tests;

/// <summary>With an exporter configured, a web request is traced down through its use case (the engine's spans and
/// meters are registered alongside; see EngineTelemetryTests) and measured; without one nothing is collected.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_request_is_traced_through_its_use_case_and_measured()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var host = await OpsHost.StartAsync(new Dictionary<string, string> { ["PAIRING_TELEMETRY"] = "console" }, s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(spans));
            s.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(metrics));
        });
        var client = await host.SignedInAsync("ops.tester");
        await client.GetAsync("/api/v1/agreements/441800-TG-2099-777");
        await client.GetAsync("/health/ready");
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        // Listeners are process-wide, so spans of other tests' hosts arrive too: this request's number is its own.
        Activity[] taken;
        lock (spans) taken = [.. spans];
        var request = Assert.Single(taken, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") == "/api/v1/agreements/441800-TG-2099-777");
        var useCase = Assert.Single(taken, s => s.OperationName == "ShowAgreement" && s.TraceId == request.TraceId);
        Assert.Equal(request.SpanId, useCase.ParentSpanId);
        Assert.Equal("441800-TG-2099-777", useCase.GetTagItem("pairing.agreement"));
        Assert.Equal("ops.tester", useCase.GetTagItem("pairing.actor"));
        Assert.DoesNotContain(taken, s => ((string?)s.GetTagItem("url.path"))?.StartsWith("/health", StringComparison.Ordinal) == true);

        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains("http.server.request.duration", names);
        Assert.Contains("pairing.usecase.duration", names);
    }

    [Fact]
    public async Task Nothing_is_collected_unless_an_exporter_is_configured()
    {
        await using var host = await OpsHost.StartAsync(migrate: false);
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }
}
