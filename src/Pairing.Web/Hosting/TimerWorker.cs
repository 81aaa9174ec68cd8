using MediatR;
using Pairing.Application.Audit;
using Pairing.Application.Operations;

namespace Pairing.Web.Hosting;

/// <summary>Fires due timers (reminders, due, overdue) and runs the effect outbox every half minute
/// (PAIRING_TIMER_SECONDS), and every ten minutes takes a keyed journal checkpoint so that deleting a whole instance is
/// caught by `audit verify`, and every hour lets SQLite refresh the planner statistics of tables that changed a lot
/// (<c>PRAGMA optimize</c>; PostgreSQL's autovacuum does this itself). Claims are exclusive in the database, so several
/// web processes on one PostgreSQL database fire each timer exactly once between them.</summary>
public sealed partial class TimerWorker(IMediator mediator, IConfiguration configuration, ILogger<TimerWorker> log) : BackgroundService
{
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan OptimizeEvery = TimeSpan.FromHours(1);
    private readonly string _worker = $"web-{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = int.TryParse(configuration["PAIRING_TIMER_SECONDS"], out var s) && s is >= 1 and <= 3600 ? s : 30;
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        var nextCheckpoint = DateTime.UtcNow;
        var nextOptimize = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        do
        {
            try
            {
                var result = await mediator.Send(new RunTimers.Command(_worker), stoppingToken);
                if (result.Fired > 0) Fired(result.Fired);
                if (result.Effects.Delivered + result.Effects.Retrying + result.Effects.Failed > 0)
                    Effects(result.Effects.Delivered, result.Effects.Retrying, result.Effects.Failed);
                if (DateTime.UtcNow >= nextCheckpoint)
                {
                    var checkpoint = await mediator.Send(new TakeCheckpoint.Command(), stoppingToken);
                    Checkpointed(checkpoint.Seq, checkpoint.Instances, checkpoint.Entries);
                    nextCheckpoint = DateTime.UtcNow + CheckpointEvery;
                }
                if (DateTime.UtcNow >= nextOptimize)
                {
                    await mediator.Send(new OptimizeDatabase.Command(Full: false), stoppingToken);
                    nextOptimize = DateTime.UtcNow + OptimizeEvery;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failed(ex);
            }
        } while (await tick.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fired {Count} timers")]
    private partial void Fired(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Effect outbox: {Delivered} delivered, {Retrying} to retry, {Failed} became incidents")]
    private partial void Effects(int delivered, int retrying, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal checkpoint {Seq}: {Instances} instances, {Entries} entries")]
    private partial void Checkpointed(long seq, int instances, long entries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer run failed; retrying at the next tick")]
    private partial void Failed(Exception ex);
}
