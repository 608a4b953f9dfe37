using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine;

/// <summary>Converts command-line / environment strings into typed parameter values with clear errors.</summary>
internal static partial class ValueConverter
{
    public static object? Convert(string[] values, Type type, string displayName)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsArray)
        {
            var element = target.GetElementType()!;
            var parts = values;
            var array = Array.CreateInstance(element, parts.Length);
            for (var i = 0; i < parts.Length; i++) array.SetValue(ConvertOne(parts[i], element, displayName), i);
            return array;
        }
        if (values.Length == 0)
            return target == typeof(bool) ? true : throw new ParameterException($"{displayName}: a value is required");
        if (values.Length > 1)
            throw new ParameterException(
                $"{displayName}: expected one value, got {values.Length} ({string.Join(" ", values)})");
        return ConvertOne(values[0], target, displayName);
    }

    public static object ConvertOne(string text, Type type, string displayName)
    {
        string Bad(string what) => $"{displayName}: '{text}' is not a valid {what}";
        if (type == typeof(string)) return text;
        if (type == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw new ParameterException(Bad("boolean (true/false)")),
            };
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                ? i : throw new ParameterException(Bad("integer"));
        if (type == typeof(long))
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                ? l : throw new ParameterException(Bad("integer"));
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? d : throw new ParameterException(Bad("number"));
        if (type == typeof(TimeSpan))
            return ParseDuration(text) ?? throw new ParameterException(Bad("duration (90s, 5m, 1h30m or hh:mm:ss)"));
        if (type == typeof(AbsolutePath))
        {
            try { return AbsolutePath.Create(text); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new ParameterException(Bad("path"));
            }
        }
        if (type.IsEnum)
            return Enum.GetNames(type).FirstOrDefault(n => Names.Normalize(n) == Names.Normalize(text)) is { } name
                ? Enum.Parse(type, name)
                : throw new ParameterException(
                    $"{Bad(type.Name)}; valid values: {string.Join(", ", Enum.GetNames(type))}");
        throw new ParameterException($"{displayName}: unsupported parameter type {type.Name}");
    }

    public static TimeSpan? ParseDuration(string text)
    {
        string[] clock = [@"h\:mm\:ss", @"hh\:mm\:ss", @"d\.hh\:mm\:ss"];
        if (TimeSpan.TryParseExact(text, clock, CultureInfo.InvariantCulture, out var ts)) return ts;
        var m = DurationPattern().Match(text.Trim().ToLowerInvariant());
        if (!m.Success || m.Length == 0) return null;
        double Part(string g) =>
            m.Groups[g].Success ? double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        // A duration beyond TimeSpan's range (about 29,000 years) is refused as invalid, not thrown as an overflow.
        try
        {
            return TimeSpan.FromDays(Part("d")) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) +
                   TimeSpan.FromSeconds(Part("s")) + TimeSpan.FromMilliseconds(Part("ms"));
        }
        catch (OverflowException) { return null; }
    }

    [GeneratedRegex(@"^(?=\d)(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?" +
                    @"(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex DurationPattern();
}

/// <summary>A parameter value or name that cannot be used; the message names the parameter.</summary>
public sealed class ParameterException(string message) : Exception(message);
