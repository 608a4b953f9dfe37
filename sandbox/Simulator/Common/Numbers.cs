using System.Globalization;

namespace Simulator.Common;

/// <summary>Number spellings: serde_json style for JSON, Prometheus style for /metrics.</summary>
public static class Numbers
{
    /// <summary>Shortest round-trip form of an f32; whole values get no decimal point (Prometheus).</summary>
    public static string Prometheus(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Shortest round-trip form of an f32 as serde_json writes it: whole values keep `.0`.</summary>
    public static string Json(float value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') || text.Contains('N') || text.Contains('I') ? text : text
            + ".0";
    }
}
