namespace Pairing.Workflows.Runtime;

public sealed record EngineOptions
{
    /// <summary>Dates in definitions are local dates; timers fire at local midnight. China has no daylight saving.</summary>
    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(8);
    /// <summary>How long a claimed timer stays with its worker before another may take it over.</summary>
    public TimeSpan TimerLease { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>The secret that seals journals and checkpoints (see JournalSeal). The host keeps it outside the
    /// database; every process writing to one database must use the same key.</summary>
    public required byte[] JournalKey { get; init; }

    public DateTime LocalMidnightUtc(DateOnly date) =>
        DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue) - LocalOffset, DateTimeKind.Utc);

    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(utc + LocalOffset);
}
