using System.Text.Json;

namespace Vvtv;

/// <summary>A daily or weekly report of the control API or the Worker: the key, a summary line and metrics.</summary>
public sealed record ApiReport(string Key, string Summary, PipelineMetrics Metrics)
{
    /// <summary>Parses a daily report; its key field is "date".</summary>
    public static ApiReport ParseDaily(string json, string source) => Parse(json, source, "date");

    /// <summary>Parses a weekly report; its key field is "week".</summary>
    public static ApiReport ParseWeekly(string json, string source) => Parse(json, source, "week");

    private static ApiReport Parse(string json, string source, string keyField)
    {
        var root = StrictJson.ParseObject(json, source);
        var metrics = StrictJson.Property(root, "metrics", source);
        if (metrics.ValueKind != JsonValueKind.Object)
            throw new VvtvFormatException(source, null, $"field 'metrics' is {metrics.ValueKind}, expected an object");
        return new ApiReport(StrictJson.String(root, keyField, source), StrictJson.String(root, "summary", source),
            PipelineMetrics.From(metrics, $"{source} metrics"));
    }
}
