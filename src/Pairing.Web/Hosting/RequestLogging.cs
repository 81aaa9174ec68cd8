using System.Diagnostics;
using Pairing.Application.Pipeline;

namespace Pairing.Web.Hosting;

/// <summary>One line per request: method, path (never the query string, which may carry a verification key), status
/// and duration, with the signed-in account and the agreement the route names. Health probes are logged at Debug so
/// that a probe every few seconds does not bury the rest.</summary>
public sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var (method, path, status) = (context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode);
            var subject = AccountLogScope.Of(context);
            using (subject.IsEmpty ? null : log.BeginScope(subject))
            {
                if (context.Request.Path.StartsWithSegments("/health")) Probe(method, path, status, elapsed);
                else Request(method, path, status, elapsed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} → {Status} in {Ms:F1} ms")]
    private partial void Request(string method, string path, int status, double ms);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP {Method} {Path} → {Status} in {Ms:F1} ms")]
    private partial void Probe(string method, string path, int status, double ms);
}

/// <summary>Everything logged while a request is handled after sign-in is known carries the account (its code, the
/// user name) and the agreement number of the route, when there is one.</summary>
public sealed class AccountLogScope(RequestDelegate next, ILogger<AccountLogScope> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var scope = Of(context);
        if (scope.IsEmpty)
        {
            await next(context);
            return;
        }
        using (log.BeginScope(scope)) await next(context);
    }

    public static LogScope Of(HttpContext context) => new(
        (LogScope.Actor, context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null),
        (LogScope.Agreement, context.GetRouteValue("number") as string));
}
