namespace Pairing.Cli;

/// <summary>The clock behind `--now`: time runs from the given instant, so a command can act "as of" a date
/// (for example firing the timers of a past deadline) while successive events keep their order.</summary>
public sealed class ShiftedClock(DateTimeOffset origin) : TimeProvider
{
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => origin + (DateTimeOffset.UtcNow - _started);
}
