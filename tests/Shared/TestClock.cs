namespace Tests.Shared;

/// <summary>
/// Keeps the simulator's time-of-day behaviour out of the tests' outcome: VVTV runs its nightly at local 03:00, so a
/// test that inherited the machine's clock and zone would see an extra nightly one hour a day.
/// </summary>
public static class TestClock
{
    /// <summary>A fixed scheduler instant (`VVTV_SIM_NOW`) far from 03:00 and from a commit-slot boundary.</summary>
    public const string Midday = "2026-03-02T12:10:00+00:00";

    /// <summary>
    /// A fixed-offset zone (for `TZ`) in which it is about midday now, so no process a test starts reaches local 03:00
    /// for hours, whatever the machine's zone and the hour the tests run at.
    /// </summary>
    public static readonly string MiddayZone = ZoneWithLocalHour(12, DateTimeOffset.UtcNow);

    /// <summary>The `Etc/GMT±N` zone whose local hour is <paramref name="hour"/> at <paramref name="now"/>.</summary>
    public static string ZoneWithLocalHour(int hour, DateTimeOffset now)
    {
        var offset = (hour - now.UtcDateTime.Hour + 36) % 24 - 12;
        // POSIX sign convention: Etc/GMT-5 is five hours east of UTC.
        return offset switch
        {
            0 => "Etc/GMT",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        };
    }
}
