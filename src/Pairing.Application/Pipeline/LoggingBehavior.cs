using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using Pairing.Application.Errors;

namespace Pairing.Application.Pipeline;

/// <summary>One line per use case: which, how long, and how it ended (a refusal is information, a crash an error).
/// Everything logged while it runs carries the use case, the account it runs for and the agreement it concerns (a
/// logging scope), and it is traced as a span with the same names.</summary>
public sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> log) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = typeof(TRequest).DeclaringType?.Name ?? typeof(TRequest).Name;
        var (actor, agreement) = RequestSubject<TRequest>.Of(request);
        using var scope = log.BeginScope(new LogScope((LogScope.UseCase, name), (LogScope.Actor, actor), (LogScope.Agreement, agreement)));
        using var activity = UseCaseTelemetry.Source.StartActivity(name);
        activity?.SetTag("pairing.actor", actor);
        activity?.SetTag("pairing.agreement", agreement);
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await next();
            Done(name, watch.Elapsed.TotalMilliseconds);
            UseCaseTelemetry.Record(name, "ok", watch.Elapsed);
            return response;
        }
        catch (PairingException ex)
        {
            Refused(name, watch.Elapsed.TotalMilliseconds, ex.Kind, ex.Field);
            UseCaseTelemetry.Record(name, "refused", watch.Elapsed);
            activity?.SetTag("pairing.refused", ex.Kind.ToString());
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex, name, watch.Elapsed.TotalMilliseconds);
            UseCaseTelemetry.Record(name, "error", watch.Elapsed);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{UseCase} done in {Ms:F1} ms")]
    private partial void Done(string useCase, double ms);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UseCase} refused after {Ms:F1} ms: {Kind} ({Field})")]
    private partial void Refused(string useCase, double ms, ErrorKind kind, string? field);

    [LoggerMessage(Level = LogLevel.Error, Message = "{UseCase} failed after {Ms:F1} ms")]
    private partial void Failed(Exception ex, string useCase, double ms);
}
