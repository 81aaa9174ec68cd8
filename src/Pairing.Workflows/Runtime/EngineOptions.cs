namespace Pairing.Workflows.Runtime;

public sealed record EngineOptions
{
    /// <summary>Dates in definitions are local dates; timers fire at local midnight. China has no daylight saving.</summary>
    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(8);
    /// <summary>How long a claimed timer or outbox effect stays with its worker before another may take it over. Firing
    /// one takes milliseconds; the lease only matters when a worker died holding it, so it is short.</summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>When an after-commit effect failed, how long to wait before each further attempt; after the last one
    /// fails it becomes an incident.</summary>
    public IReadOnlyList<TimeSpan> EffectRetryDelays { get; init; } = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)];
    /// <summary>The secret that seals journals and checkpoints (see JournalSeal). The host keeps it outside the
    /// database; every process writing to one database must use the same key.</summary>
    public required byte[] JournalKey { get; init; }

    public DateTime LocalMidnightUtc(DateOnly date) =>
        DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue) - LocalOffset, DateTimeKind.Utc);

    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(utc + LocalOffset);
}
