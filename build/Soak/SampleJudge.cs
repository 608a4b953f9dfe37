using Vvtv;

namespace Soak;

/// <summary>
/// The one verdict model both engines use for a sample: every body is parsed (JSON for status and alerts, every metrics
/// line), measured-and-bad is a Failure, could-not-measure is an Error.
/// </summary>
public static class SampleJudge
{
    /// <summary>VVTV's hard-coded critical buffer level (D-A6), the script's threshold too.</summary>
    public const double BufferCriticalMinutes = SoakEvaluation.BufferCriticalMinutes;

    public static SoakSampleRecord Judge(int k, DateTimeOffset t, EndpointResponse status, EndpointResponse metrics,
        EndpointResponse alerts)
    {
        var failures = new List<string>();
        var errors = new List<string>();

        var statusReading = Read("/v1/status", status, errors, out var statusBody);
        string? state = null;
        if (statusBody is not null)
        {
            try
            {
                var parsed = ApiStatus.Parse(statusBody, "GET /v1/status");
                state = parsed.State;
                if (state != "RUNNING") failures.Add($"state is {state}, not RUNNING");
            }
            catch (VvtvFormatException e) { statusReading = Unreadable(statusReading, e, errors); }
        }

        var metricsReading = Read("/metrics", metrics, errors, out var metricsBody);
        double? buffer = null, disruptions = null;
        if (metricsBody is not null)
        {
            try
            {
                var values = PrometheusText.Parse(metricsBody, "GET /metrics").VvtvValues("GET /metrics");
                buffer = values["vvtv_buffer_minutes"];
                disruptions = values["vvtv_stream_disruptions"];
                if (!(buffer >= BufferCriticalMinutes)) failures.Add($"buffer {buffer} min is below the "
                    + $"critical {BufferCriticalMinutes} min");
                if (!(disruptions <= 0)) failures.Add($"stream disruption: vvtv_stream_disruptions {disruptions}");
            }
            catch (VvtvFormatException e) { metricsReading = Unreadable(metricsReading, e, errors); }
        }

        var alertsReading = Read("/v1/alerts", alerts, errors, out var alertsBody);
        int? alertCount = null;
        var blocking = new List<string>();
        if (alertsBody is not null)
        {
            try
            {
                var parsed = ApiAlerts.Parse(alertsBody, "GET /v1/alerts");
                alertCount = parsed.Alerts.Count;
                blocking.AddRange(parsed.Blocking.Select(a => $"{a.Code} ({a.Severity})"));
                if (blocking.Count > 0) failures.Add($"{string.Join(", ", blocking)} alert active");
            }
            catch (VvtvFormatException e) { alertsReading = Unreadable(alertsReading, e, errors); }
        }

        var outcome = failures.Count > 0 ? SampleOutcome.Failure : errors.Count > 0
            ? SampleOutcome.Error : SampleOutcome.Success;
        return new SoakSampleRecord
        {
            K = k, T = t, Outcome = outcome, Reasons = [.. failures, .. errors],
            Status = statusReading, Metrics = metricsReading, Alerts = alertsReading,
            State = state, BufferMinutes = buffer, StreamDisruptions = disruptions, AlertCount = alertCount,
                BlockingAlerts = blocking,
        };
    }

    // A body is judged only when the request itself worked: a transport error, a non-200 code or an empty body is an
    // Error.
    private static EndpointReading Read(string path, EndpointResponse r, List<string> errors, out string? body)
    {
        body = null;
        string? error = null;
        if (r.TransportError is { } transport) error = $"GET {path} {transport}";
        else if (r.Code is { } code && code != 200) error = $"GET {path} answered HTTP {code}";
        else if (string.IsNullOrWhiteSpace(r.Body)) error = $"GET {path} returned an empty body";
        else body = r.Body;
        if (error is not null) errors.Add(error);
        return new EndpointReading(r.Code, r.LatencyMs, error);
    }

    private static EndpointReading Unreadable(EndpointReading reading, VvtvFormatException e, List<string> errors)
    {
        errors.Add(e.Message);
        return reading with { Error = e.Message };
    }
}
