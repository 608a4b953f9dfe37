using System.Globalization;
using Engine;

namespace Cloudflare;

/// <summary>The Worker's report keys for one instant: UTC date and ISO 8601 week-year and week, never
/// local time.</summary>
public sealed record ReportKeys(string Date, string Week)
{
    public static ReportKeys At(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new ReportKeys(
            UtcTime.Format(instant, UtcTime.DayFormat),
            $"{ISOWeek.GetYear(utc):D4}-W{ISOWeek.GetWeekOfYear(utc):D2}");
    }
}
