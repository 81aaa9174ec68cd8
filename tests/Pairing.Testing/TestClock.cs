namespace Pairing.Testing;

/// <summary>A clock tests move by hand; nothing in the suite sleeps.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static TestClock AtLocal(int year, int month, int day, int hour = 9) =>
        new(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8)));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void SetLocal(int year, int month, int day, int hour = 9) =>
        _now = new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));
}
