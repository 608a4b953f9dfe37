using Engine;
using Soak;

/// <summary>
/// The soak's judgement limits (Argo Rollouts' analysis limits plus an error budget and stale metrics).
/// </summary>
partial interface ISoak
{
    [Parameter("More soak samples that measured something bad (alert, low buffer, disruption, not RUNNING) than this "
        + "fail the soak. Default: 0")]
    int SoakFailureLimit => this.TryGetValue<int?>(() => SoakFailureLimit) ?? 0;

    [Parameter("Share (0 to 1) of the soak's scheduled samples that may fail to be measured over the whole soak; more "
        + "than floor(budget × samples) fail it. Default: 0.01")]
    double SoakErrorBudget => this.TryGetValue<double?>(() => SoakErrorBudget) ?? 0.01;

    [Parameter("Seconds metric_samples in the state db may go without a new row during the soak before its metrics "
        + "count as stale and fail it. Default: 3600")]
    double SoakStaleMetricsSecs => this.TryGetValue<double?>(() => SoakStaleMetricsSecs) ?? 3600;

    private SoakSettings Judged(SoakSettings s) => s with
    {
        FailureLimit = SoakFailureLimit,
        ErrorBudget = SoakErrorBudget,
        StaleMetricsWindow = double.IsFinite(SoakStaleMetricsSecs) && SoakStaleMetricsSecs is > 0 and < 1e9
            ? TimeSpan.FromSeconds(SoakStaleMetricsSecs)
            : throw new ArgumentException(
                $"--soak-stale-metrics-secs must be from 0 to 1e9 seconds, got {SoakStaleMetricsSecs}"),
    };
}
