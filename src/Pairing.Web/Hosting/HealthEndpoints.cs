using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using Pairing.Application.Operations;

namespace Pairing.Web.Hosting;

/// <summary>/health/live answers 200 while the process runs and touches nothing; /health/ready runs the readiness
/// checks (database reachable, migrations applied, keys readable) and answers 503 when any fails. Both are anonymous
/// and answer JSON: the overall status and each check's status and short reason.</summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static void AddPairingHealth(this IServiceCollection services)
    {
        var timeout = TimeSpan.FromSeconds(5);
        services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck<CheckReadiness.Database>>("database", tags: [Ready], timeout: timeout)
            .AddCheck<ReadinessHealthCheck<CheckReadiness.Migrations>>("migrations", tags: [Ready], timeout: timeout)
            .AddCheck<ReadinessHealthCheck<CheckReadiness.Keys>>("keys", tags: [Ready], timeout: timeout);
    }

    public static void MapPairingHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                reason = e.Value.Description ?? (e.Value.Exception is { } ex ? $"检查出错（{ex.GetType().Name}）" : null),
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}

/// <summary>One readiness check: sends its use case. Probes come every few seconds, so their spans are not traced.</summary>
public sealed class ReadinessHealthCheck<TCheck>(IMediator mediator) : IHealthCheck where TCheck : IRequest<ReadinessCheck>, new()
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var quiet = SuppressInstrumentationScope.Begin();
        var result = await mediator.Send(new TCheck(), cancellationToken);
        return result.Ready ? HealthCheckResult.Healthy(result.Reason) : HealthCheckResult.Unhealthy(result.Reason);
    }
}
