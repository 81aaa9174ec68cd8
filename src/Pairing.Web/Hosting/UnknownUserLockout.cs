using System.Collections.Concurrent;

namespace Pairing.Web.Hosting;

/// <summary>Identity locks a real account after five wrong passwords. A user name that does not exist must answer the
/// same way, or trying a name five times tells whether it exists: this counts failures for unknown names and "locks"
/// them just as long. Kept in memory (a restart forgets it, as it may: nothing is protected by it but the answer).</summary>
public sealed class UnknownUserLockout(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);
    private const int MaxNames = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _names = new(StringComparer.OrdinalIgnoreCase);

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset LastFailure);

    public bool IsLockedOut(string userName) =>
        _names.TryGetValue(userName, out var e) && e.LockedUntil is { } until && until > clock.GetUtcNow();

    /// <summary>Records a failure; returns whether the name is now locked, as Identity reports on the fifth failure.</summary>
    public bool Fail(string userName)
    {
        var now = clock.GetUtcNow();
        if (_names.Count > MaxNames)
            foreach (var stale in _names.Where(kv => now - kv.Value.LastFailure > Duration).Select(kv => kv.Key).ToList())
                _names.TryRemove(stale, out _);
        var entry = _names.AddOrUpdate(userName, _ => new Entry(1, null, now), (_, e) =>
        {
            var failures = e.LockedUntil is { } until && until <= now ? 1 : e.Failures + 1;
            return new Entry(failures, failures >= MaxFailures ? now + Duration : null, now);
        });
        return entry.LockedUntil is not null;
    }
}
