using System.Text.Json.Serialization;

namespace Soak;

/// <summary>
/// Everything that decides how a soak runs and is judged; persisted with the plan so a resume keeps it.
/// </summary>
public sealed record SoakSettings
{
    public required SoakEngineKind Engine { get; init; }
    public required SoakSchedule Schedule { get; init; }

    /// <summary>Limit of one request; the native engine never waits longer than one interval either.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// More samples that measured something bad (Failure) than this fail the soak (Argo's failureLimit).
    /// </summary>
    public int FailureLimit { get; init; } = 0;

    /// <summary>More consecutive Error samples than this fail the soak (Argo's consecutiveErrorLimit).</summary>
    public int MaxConsecutiveErrors { get; init; } = 3;

    /// <summary>
    /// Share of the schedule's samples that may be Errors over the whole soak: more than
    /// floor(budget × expected samples) fail it. Strict by default: 1 %, so a short soak allows none.
    /// </summary>
    public double ErrorBudget { get; init; } = 0.01;

    /// <summary>
    /// The orchestrator saves a row in metric_samples at every commit window (every 30 min with the sample owner card):
    /// when the table has not advanced for longer than this, the metrics the soak reads are stale and it fails.
    /// </summary>
    public TimeSpan StaleMetricsWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Wall-clock limit for the control API to answer after it was started (VVTV_SOAK_BOOT_TIMEOUT_SECS).
    /// </summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Added to the script's length and boot timeout to make its deadline.</summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Start a control API for the soak (VVTV_SOAK_RUN_API); false samples one that is already running.
    /// </summary>
    public bool RunApi { get; init; } = true;

    /// <summary>Start a continuous orchestrator for the soak (VVTV_SOAK_RUN_ORCH).</summary>
    public bool RunOrchestrator { get; init; } = true;

    public string ApiUrl { get; init; } = Vvtv.ControlApiAddress.DefaultUrl;

    /// <summary>
    /// How often a plain progress line is logged when there is no interactive terminal; not part of a plan.
    /// </summary>
    [JsonIgnore] public TimeSpan ProgressEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The native engine's effective request timeout: a probe may never outlast the interval.</summary>
    [JsonIgnore]
    public TimeSpan EffectiveRequestTimeout => RequestTimeout < Schedule.Interval ? RequestTimeout : Schedule.Interval;

    /// <summary>No new sample from the script for this long stops it: three intervals, at least 30 s.</summary>
    [JsonIgnore] public TimeSpan StallWindow => TimeSpan.FromSeconds(Math.Max(30, 3 * Schedule.IntervalSecs));

    /// <summary>Error samples the budget allows over the whole schedule.</summary>
    [JsonIgnore] public int AllowedErrors => (int)Math.Floor(ErrorBudget * Schedule.ExpectedSamples + 1e-9);

    public void Validate()
    {
        if (FailureLimit < 0)
            throw new ArgumentException($"--soak-failure-limit must be ≥ 0, got {FailureLimit}");
        if (MaxConsecutiveErrors < 0)
            throw new ArgumentException($"--soak-max-consecutive-errors must be ≥ 0, got {MaxConsecutiveErrors}");
        if (!(ErrorBudget is >= 0 and <= 1))
            throw new ArgumentException($"--soak-error-budget must be a ratio from 0 to 1, got {ErrorBudget}");
        if (StaleMetricsWindow <= TimeSpan.Zero)
            throw new ArgumentException($"--soak-stale-metrics-secs must be > 0, got "
                + $"{StaleMetricsWindow.TotalSeconds}");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"--soak-request-timeout-secs must be > 0, got {RequestTimeout.TotalSeconds}");
        if (BootTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"--soak-boot-timeout-secs must be > 0, got {BootTimeout.TotalSeconds}");
        if (DeadlineGrace < TimeSpan.Zero)
            throw new ArgumentException($"--soak-deadline-grace-secs must be ≥ 0, got {DeadlineGrace.TotalSeconds}");
        if (!Uri.TryCreate(ApiUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"the soak's API URL '{ApiUrl}' is not an absolute http(s) URL");
        if (Engine == SoakEngineKind.Script) _ = Schedule.WholeHours;
    }
}
