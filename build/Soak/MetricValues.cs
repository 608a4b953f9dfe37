using System.Text.Json;

namespace Soak;

/// <summary>The two values of a metric_samples payload the soak compares with /metrics (null when absent).</summary>
public sealed record MetricValues(double? BufferMinutes, double? StreamDisruptions)
{
    /// <summary>The values of a payload_json; both null when it is not JSON.</summary>
    public static MetricValues Of(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return new MetricValues(Number(doc.RootElement, "buffer_minutes"),
                Number(doc.RootElement, "stream_disruptions"));
        }
        catch (JsonException) { return new MetricValues(null, null); }
    }

    private static double? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name,
            out var v) && v.TryGetDouble(out var d) ? d : null;
}
