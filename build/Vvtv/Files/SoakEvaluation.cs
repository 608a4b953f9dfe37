using Engine;
namespace Vvtv;

/// <summary>The build's own reading of a soak folder's sample logs, independent of the script's verdict (D-SK2, D-SK3,
/// D-SK4).</summary>
public sealed record SoakEvaluation(
    int StatusSamples,
    int AlertsSamples,
    int MetricsSamples,
    int EmptyBodies,
    int InvalidStatusBodies,
    int InvalidAlertsBodies,
    int MetricsBlocksMissingSeries,
    int BufferCriticalObservations,
    int StreamDisruptionObservations,
    IReadOnlyList<string> BlockingAlerts,
    IReadOnlyList<string> Problems)
{
    /// <summary>The soak script's hard-coded buffer threshold (minutes).</summary>
    public const double BufferCriticalMinutes = 20;

    /// <summary>Reads status-samples.log, alerts-samples.log and metrics-samples.log in <paramref
    /// name="soakDir"/>.</summary>
    public static SoakEvaluation Evaluate(string soakDir)
    {
        var status = SoakSamples.LoadStatus(Path.Combine(soakDir, "status-samples.log"));
        var alerts = SoakSamples.LoadAlerts(Path.Combine(soakDir, "alerts-samples.log"));
        var metrics = SoakSamples.LoadMetrics(Path.Combine(soakDir, "metrics-samples.log"));
        var problems = new List<string>();

        var empty = status.Count(s => s.Body.Length == 0) + alerts.Count(s => s.Body.Length == 0)
            + metrics.Count(m => m.Body.Trim().Length == 0);
        var badStatus = 0;
        foreach (var s in status.Where(s => s.Body.Length > 0))
        {
            try { ApiStatus.Parse(s.Body, $"status-samples.log:{s.Line}"); }
            catch (VvtvFormatException e) { badStatus++; problems.Add(e.Message); }
        }
        var badAlerts = 0;
        var blocking = new List<string>();
        foreach (var s in alerts.Where(s => s.Body.Length > 0))
        {
            try
            {
                var parsed = ApiAlerts.Parse(s.Body, $"alerts-samples.log:{s.Line}");
                blocking.AddRange(parsed.Blocking.Select(a => $"{UtcTime.Seconds(s.At)} {a.Code} ({a.Severity})"));
            }
            catch (VvtvFormatException e) { badAlerts++; problems.Add(e.Message); }
        }
        int missingSeries = 0, bufferCritical = 0, disruptions = 0;
        foreach (var m in metrics.Where(m => m.Body.Trim().Length > 0))
        {
            var buffer = m.Metrics.Value("vvtv_buffer_minutes");
            var stream = m.Metrics.Value("vvtv_stream_disruptions");
            if (buffer is null || stream is null)
            {
                missingSeries++;
                problems.Add($"metrics-samples.log:{m.Line}: block lacks vvtv_buffer_minutes or " +
                    $"vvtv_stream_disruptions");
                continue;
            }
            // NaN compares false both ways; treat it as critical rather than healthy.
            if (!(buffer >= BufferCriticalMinutes)) bufferCritical++;
            if (!(stream <= 0)) disruptions++;
        }
        if (status.Count != alerts.Count || status.Count != metrics.Count)
            problems.Add($"sample counts differ: status {status.Count}, alerts {alerts.Count}, metrics " +
                $"{metrics.Count}");
        return new SoakEvaluation(status.Count, alerts.Count, metrics.Count, empty, badStatus, badAlerts, missingSeries,
            bufferCritical, disruptions, blocking, problems);
    }

    /// <summary>The number of complete samples (the smallest of the three logs).</summary>
    public int Samples => Math.Min(StatusSamples, Math.Min(AlertsSamples, MetricsSamples));
}
