using System.Text.Json.Serialization;

namespace Soak;

/// <summary>
/// One line of samples.jsonl: sample index k, start time t, per-endpoint code/latency/error, the parsed values and the
/// outcome with its reasons. Values are null when they could not be measured; missing data never reads as healthy.
/// </summary>
public sealed record SoakSampleRecord
{
    public required int K { get; init; }
    public required DateTimeOffset T { get; init; }
    public required SampleOutcome Outcome { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required EndpointReading Status { get; init; }
    public required EndpointReading Metrics { get; init; }
    public required EndpointReading Alerts { get; init; }
    public string? State { get; init; }
    public double? BufferMinutes { get; init; }
    public double? StreamDisruptions { get; init; }
    public int? AlertCount { get; init; }
    public IReadOnlyList<string> BlockingAlerts { get; init; } = [];

    /// <summary>
    /// Rows in the state db's metric_samples when the sample was taken; null when the db could not be read.
    /// </summary>
    public long? MetricRows { get; init; }

    /// <summary>
    /// The newest metric_samples ts then; with <see cref="MetricRows"/>, what shows the metrics advancing.
    /// </summary>
    public string? MetricsNewest { get; init; }

    /// <summary>
    /// True when /metrics served other values than the metric_samples row newest at the sample's time or any newer
    /// row; null when unknown.
    /// </summary>
    public bool? MetricsLagging { get; init; }

    /// <summary>Whether the orchestrator the soak started was still running; null when the soak started none.</summary>
    public bool? OrchestratorAlive { get; init; }

    [JsonIgnore] public bool BufferCritical => BufferMinutes is { } b && !(b >= SampleJudge.BufferCriticalMinutes);
    [JsonIgnore] public bool Disrupted => StreamDisruptions is { } d && !(d <= 0);
    [JsonIgnore] public bool NotRunning => State is { } s && s != "RUNNING";
    [JsonIgnore] public bool OrchestratorGone => OrchestratorAlive == false;
}
