namespace Soak;

/// <summary>Everything that decides how a soak runs and is judged; persisted with the plan so a resume keeps it.</summary>
public sealed record SoakSettings
{
    public required SoakEngineKind Engine { get; init; }
    public required SoakSchedule Schedule { get; init; }

    /// <summary>Limit of one request; the native engine never waits longer than one interval either.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>More consecutive Error samples than this fail the soak.</summary>
    public int MaxConsecutiveErrors { get; init; } = 3;

    /// <summary>Wall-clock limit for the control API to answer after it was started (VVTV_SOAK_BOOT_TIMEOUT_SECS).</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Added to the script's length and boot timeout to make its deadline.</summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Start a control API for the soak (VVTV_SOAK_RUN_API); false samples one that is already running.</summary>
    public bool RunApi { get; init; } = true;

    /// <summary>Start a continuous orchestrator for the soak (VVTV_SOAK_RUN_ORCH).</summary>
    public bool RunOrchestrator { get; init; } = true;

    public string ApiUrl { get; init; } = "http://127.0.0.1:7070";

    /// <summary>How often a plain progress line is logged when there is no interactive terminal.</summary>
    public TimeSpan ProgressEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The native engine's effective request timeout: a probe may never outlast the interval.</summary>
    public TimeSpan EffectiveRequestTimeout => RequestTimeout < Schedule.Interval ? RequestTimeout : Schedule.Interval;

    /// <summary>No new sample from the script for this long stops it: three intervals, at least 30 s.</summary>
    public TimeSpan StallWindow => TimeSpan.FromSeconds(Math.Max(30, 3 * Schedule.IntervalSecs));

    public void Validate()
    {
        if (MaxConsecutiveErrors < 0)
            throw new ArgumentException($"--soak-max-consecutive-errors must be ≥ 0, got {MaxConsecutiveErrors}");
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
