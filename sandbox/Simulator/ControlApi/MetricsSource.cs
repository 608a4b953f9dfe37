using Simulator.Common;
using Simulator.State;

namespace Simulator.ControlApi;

/// <summary>Latest and previous metric samples as the API sees them, with placeholders and faults applied.</summary>
public sealed class MetricsSource(ApiSettings settings, Faults faults)
{
    private int _metricsReads;
    private string? _frozenMetrics;

    /// <summary>
    /// The `/metrics` body; under `metrics-freeze-after=N` every read after the N-th repeats the N-th body, so new
    /// metric_samples rows never show (a stalled pipeline behind a healthy-looking endpoint).
    /// </summary>
    public string MetricsText()
    {
        var read = Interlocked.Increment(ref _metricsReads);
        if (_frozenMetrics is { } frozen) return frozen;
        var text = PrometheusText.Render(LatestTwo()[0]);
        if (faults.Number("metrics-freeze-after") is { } after && read >= Math.Max(after, 1)) _frozenMetrics = text;
        return text;
    }

    /// <summary>Newest first; one placeholder entry when the db has no sample or cannot be read.</summary>
    public List<PipelineMetrics> LatestTwo()
    {
        List<PipelineMetrics> samples;
        try
        {
            using var conn = StateDb.Open(settings.StateDb);
            samples = MetricSamples.Latest(conn, 2);
        }
        catch (Exception)
        {
            samples = [];
        }
        if (samples.Count == 0) samples.Add(PipelineMetrics.Placeholder);
        samples[0] = ApplyFaults(samples[0]);
        return samples;
    }

    private PipelineMetrics ApplyFaults(PipelineMetrics m)
    {
        if (faults.Has("buffer-critical")) m = m with { BufferMinutes = Math.Min(m.BufferMinutes, 10) };
        if (faults.Has("stream-disruption")) m = m with { StreamDisruptions = 1 };
        return m;
    }
}
