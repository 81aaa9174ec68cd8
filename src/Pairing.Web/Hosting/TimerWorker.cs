using Pairing.Application;

namespace Pairing.Web.Hosting;

/// <summary>Fires due timers (reminders, due, overdue) every half minute, and every ten minutes takes a keyed journal
/// checkpoint so that deleting a whole instance is caught by `audit verify`. Claims are exclusive in the database, so
/// several web processes on one PostgreSQL database each fire a timer at most once between them.</summary>
public sealed class TimerWorker(PairingApp app, ILogger<TimerWorker> log) : BackgroundService
{
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromMinutes(10);
    private readonly string _worker = $"web-{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(30));
        var nextCheckpoint = DateTime.UtcNow;
        do
        {
            try
            {
                var result = await app.Timers.RunDueAsync(_worker, ct: stoppingToken);
                if (result.Fired > 0) log.LogInformation("Fired {Count} timers", result.Fired);
                if (DateTime.UtcNow >= nextCheckpoint)
                {
                    var checkpoint = await app.Audit.CheckpointAsync(stoppingToken);
                    log.LogInformation("Journal checkpoint {Seq}: {Instances} instances, {Entries} entries", checkpoint.Seq, checkpoint.Instances, checkpoint.Entries);
                    nextCheckpoint = DateTime.UtcNow + CheckpointEvery;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Timer run failed; retrying at the next tick");
            }
        } while (await tick.WaitForNextTickAsync(stoppingToken));
    }
}
