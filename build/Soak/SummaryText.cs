using System.Globalization;
using System.Text;
using Vvtv;

namespace Soak;

/// <summary>
/// The build's summary.txt in the soak's evidence: the script's title and nine keys in the script's order, then
/// the build's own keys, sampled_by first (the build itself, or the script re-checked by the build).
/// </summary>
public static class SummaryText
{
    public const string FileName = "summary.txt";

    public static string Format(SoakVerdict v, SoakPlan plan)
    {
        var s = new StringBuilder();
        s.Append(SoakSummary.Title).Append('\n');
        Key("verdict", v.Verdict);
        Key("samples", v.Samples);
        Key("fail_status_requests", v.FailStatusRequests);
        Key("fail_metrics_requests", v.FailMetricsRequests);
        Key("fail_alerts_requests", v.FailAlertsRequests);
        Key("buffer_critical_observations", v.BufferCriticalObservations);
        Key("stream_disruptions_nonzero_observations", v.StreamDisruptionObservations);
        Key("soak_hours", plan.Hours);
        Key("check_interval_secs", plan.IntervalSecs);
        Key("engine", v.Engine.ToString().ToLowerInvariant());
        Key("sampled_by", v.SampledBy);
        Key("expected_samples", v.ExpectedSamples);
        Key("failure_samples", v.Failures);
        Key("error_samples", v.Errors);
        Key("longest_error_run", v.LongestErrorRun);
        Key("max_consecutive_errors", v.MaxConsecutiveErrors);
        Key("failure_limit", v.FailureLimit);
        Key("error_budget", v.ErrorBudget);
        Key("allowed_errors", v.AllowedErrors);
        Key("stale_metrics_window_secs", v.StaleMetricsWindowSecs);
        Key("stale_metrics", v.StaleMetrics ?? "");
        Key("orchestrator_gone", v.OrchestratorGone ? 1 : 0);
        Key("blocking_alert_observations", v.BlockingAlertObservations);
        Key("not_running_observations", v.NotRunningObservations);
        Key("first_sample_utc", v.FirstSampleAt is { } f ? SoakJson.Time(f) : "");
        Key("last_sample_utc", v.LastSampleAt is { } l ? SoakJson.Time(l) : "");
        Key("wall_secs", v.WallSecs);
        Key("segments", v.Segments);
        // key=value lines end at LF; a reason never spans lines.
        Key("reason", string.Join("; ", v.Reasons).Replace('\n', ' '));
        return s.ToString();

        void Key(string key, object value) =>
            s.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
    }
}
