using Engine;

namespace EngineTests;

public sealed class UtcTimeTests
{
    [Test]
    public void Every_format_writes_the_instant_in_UTC_whatever_the_offset()
    {
        var t = new DateTimeOffset(2026, 11, 24, 11, 30, 5, 7, TimeSpan.FromHours(2));
        Assert.That(UtcTime.Millis(t), Is.EqualTo("2026-11-24T09:30:05.007Z"));
        Assert.That(UtcTime.Seconds(t), Is.EqualTo("2026-11-24T09:30:05Z"));
        Assert.That(UtcTime.Format(t, UtcTime.SqliteFormat), Is.EqualTo("2026-11-24 09:30:05"));
        Assert.That(UtcTime.Format(t, UtcTime.DisplayFormat), Is.EqualTo("2026-11-24 09:30:05 UTC"));
        Assert.That(UtcTime.Format(t, UtcTime.DayFormat), Is.EqualTo("2026-11-24"));
        Assert.That(UtcTime.TryParse("2026-11-24T09:30:05.007Z", UtcTime.MillisFormat, out var back), Is.True);
        Assert.That(back, Is.EqualTo(t));
        Assert.That(UtcTime.TryParse("2026-11-24T09:30:05Z", UtcTime.MillisFormat, out _), Is.False);
    }
}
