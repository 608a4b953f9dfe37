using System.Globalization;

namespace Simulator.Common;

/// <summary>The timestamp spellings of contract §0.1; each one is used where the contract names it.</summary>
public static class Timestamps
{
    // Six fractional digits: the contract allows 0, 3, 6 or 9, and .NET ticks give at most 7.
    public static string Rfc3339Offset(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00:00";

    public static string Rfc3339Z(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "Z";

    public static string Compact(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string SqliteNow(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Date(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string IsoWeek(DateTime utc) =>
        $"{ISOWeek.GetYear(utc):D4}-W{ISOWeek.GetWeekOfYear(utc):D2}";
}
