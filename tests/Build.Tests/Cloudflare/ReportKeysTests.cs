using Cloudflare;

namespace Build.Tests.Cloudflare;

/// <summary>Report keys are the UTC date and the ISO week of the nightly's instant (contract §6.5).</summary>
public sealed class ReportKeysTests
{
    [TestCase("2026-11-24T06:20:30Z", "2026-11-24", "2026-W48")]
    [TestCase("2026-11-24T00:30:00+02:00", "2026-11-23", "2026-W48")] // local date is already the 24th
    [TestCase("2027-01-01T12:00:00Z", "2027-01-01", "2026-W53")]       // ISO year differs from the calendar year
    [TestCase("2024-12-30T08:00:00Z", "2024-12-30", "2025-W01")]
    [TestCase("2026-03-02T00:00:00Z", "2026-03-02", "2026-W10")]
    public void Keys_follow_utc_and_iso_8601(string instant, string date, string week) =>
        Assert.That(ReportKeys.At(DateTimeOffset.Parse(instant)), Is.EqualTo(new ReportKeys(date, week)));
}
