using System.Globalization;

namespace Engine;

/// <summary>The UTC time formats the build writes and reads, each named once here.</summary>
public static class UtcTime
{
    /// <summary>ISO-8601 UTC with milliseconds, e.g. 2026-11-24T09:30:00.000Z: the build's own files.</summary>
    public const string MillisFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>ISO-8601 UTC to the second, e.g. 2026-11-24T09:30:00Z: the soak's sample lines.</summary>
    public const string SecondsFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>SQLite's datetime() text, UTC without a zone, e.g. 2026-11-24 09:30:00.</summary>
    public const string SqliteFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>For people to read, e.g. 2026-11-24 09:30:00 UTC.</summary>
    public const string DisplayFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";

    /// <summary>A UTC calendar day, e.g. 2026-11-24.</summary>
    public const string DayFormat = "yyyy-MM-dd";

    /// <summary><paramref name="t"/> in UTC as <see cref="MillisFormat"/>.</summary>
    public static string Millis(DateTimeOffset t) => Format(t, MillisFormat);

    /// <summary><paramref name="t"/> in UTC as <see cref="SecondsFormat"/>.</summary>
    public static string Seconds(DateTimeOffset t) => Format(t, SecondsFormat);

    /// <summary><paramref name="t"/> in UTC in one of the formats above, whatever the machine's culture.</summary>
    public static string Format(DateTimeOffset t, string format) =>
        t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="text"/> written exactly in <paramref name="format"/> as a UTC time.</summary>
    public static bool TryParse(string? text, string format, out DateTimeOffset t) =>
        DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t);
}
