using MediatR;
using Pairing.Application.Notifications;

namespace Pairing.Web.Hosting;

/// <summary>Delivers the e-mail outbox every 15 seconds (to files, or through SMTP when configured). Messages are
/// claimed in the database, so several web processes never send one twice at once; failures wait and are retried
/// by the outbox's schedule, then kept as failed.</summary>
public sealed partial class MailWorker(IMediator mediator, ILogger<MailWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                var result = await mediator.Send(new DeliverEmails.Command(), stoppingToken);
                if (result.Sent + result.Retrying + result.Failed > 0) Delivered(result.Sent, result.Retrying, result.Failed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failed(ex);
            }
        } while (await tick.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail outbox: {Sent} sent, {Retrying} to retry, {Failed} given up")]
    private partial void Delivered(int sent, int retrying, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "E-mail delivery failed; retrying at the next tick")]
    private partial void Failed(Exception ex);
}
