using System.Globalization;
using System.Text.RegularExpressions;
using Engine;

namespace Vvtv;

/// <summary>Recognisers for VVTV's timestamp families; they differ on purpose and are not
/// unified.</summary>
public static partial class Timestamps
{
    /// <summary>True for YYYYMMDDTHHMMSSZ that is a real UTC instant.</summary>
    public static bool IsCompactUtc(string value) =>
        CompactUtc().IsMatch(value) &&
        DateTime.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);

    /// <summary>Parses RFC 3339 with a +00:00 or Z offset and 0/3/6/9 fractional digits.</summary>
    public static bool TryParseRfc3339(string value, out DateTimeOffset result)
    {
        result = default;
        var m = Rfc3339().Match(value);
        if (!m.Success) return false;
        var frac = m.Groups["frac"].Value;
        if (frac.Length is not (0 or 4 or 7 or 10)) return false;
        // .NET keeps 7 fractional digits; trim nanoseconds, they do not matter for ordering here.
        var trimmed = m.Groups["main"].Value + (frac.Length > 8 ? frac[..8] : frac)
            + (m.Groups["zone"].Value == "Z" ? "+00:00" : m.Groups["zone"].Value);
        return DateTimeOffset.TryParseExact(trimmed,
            ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz",
                "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out result);
    }

    /// <summary>Parses the soak sample prefix YYYY-MM-DDTHH:MM:SSZ.</summary>
    public static bool TryParseSampleUtc(string value, out DateTimeOffset result) =>
        UtcTime.TryParse(value, UtcTime.SecondsFormat, out result) && value.Length == 20;

    [GeneratedRegex(@"^\d{8}T\d{6}Z$")]
    private static partial Regex CompactUtc();

    [GeneratedRegex(@"^(?<main>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?<frac>\.\d+)?(?<zone>Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
