namespace Soak;

/// <summary>
/// The soak's judgement kept as running counts, so a soak of any length is judged in flat memory and a resume rebuilds
/// it by streaming the journal. The limits are those of Argo Rollouts' analysis (a failure limit and a
/// consecutive-error limit) plus an error budget over the whole soak, stale metrics (metric_samples not advancing for a
/// window) and the orchestrator staying alive.
/// </summary>
public sealed class SoakTally(SoakSettings settings)
{
    /// <summary>Kinds of blocking alert listed in <see cref="BlockingAlerts"/>; further kinds are not.</summary>
    public const int MaxBlockingAlertKinds = 50;

    private readonly List<string> _blocking = [];
    private int _run, _runStart;
    private SoakSampleRecord? _metricsSince, _laggingSince;

    public SoakSettings Settings { get; } = settings;
    public int Samples { get; private set; }
    public int Successes { get; private set; }
    public int Failures { get; private set; }
    public int Errors { get; private set; }
    public int LongestErrorRun { get; private set; }
    public int LongestErrorRunStart { get; private set; }
    public IReadOnlyList<string> LongestErrorRunReasons { get; private set; } = [];
    public int FailStatusRequests { get; private set; }
    public int FailMetricsRequests { get; private set; }
    public int FailAlertsRequests { get; private set; }
    public int BufferCriticalObservations { get; private set; }
    public int StreamDisruptionObservations { get; private set; }
    public int BlockingAlertObservations { get; private set; }
    public int NotRunningObservations { get; private set; }
    public IReadOnlyList<string> BlockingAlerts => _blocking;
    public SoakSampleRecord? First { get; private set; }
    public SoakSampleRecord? Last { get; private set; }
    public SoakSampleRecord? FirstFailure { get; private set; }
    public SoakSampleRecord? FirstError { get; private set; }
    public SoakSampleRecord? FirstOrchestratorGone { get; private set; }

    /// <summary>
    /// Why the metrics were found stale (the first time), or null while metric_samples keeps advancing.
    /// </summary>
    public string? StaleMetrics { get; private set; }

    /// <summary>
    /// Counts the sample and returns why the soak can no longer pass, if it cannot: the reason to stop now.
    /// </summary>
    public string? Add(SoakSampleRecord s)
    {
        First ??= s;
        Last = s;
        Samples++;
        switch (s.Outcome)
        {
            case SampleOutcome.Success: Successes++; break;
            case SampleOutcome.Failure: Failures++; FirstFailure ??= s; break;
            case SampleOutcome.Error: Errors++; FirstError ??= s; break;
        }
        _run = s.Outcome == SampleOutcome.Error ? _run + 1 : 0;
        if (_run == 1) _runStart = s.K;
        if (_run > LongestErrorRun) (LongestErrorRun, LongestErrorRunStart, LongestErrorRunReasons) = (_run,
            _runStart, s.Reasons);
        if (s.Status.Error is not null) FailStatusRequests++;
        if (s.Metrics.Error is not null) FailMetricsRequests++;
        if (s.Alerts.Error is not null) FailAlertsRequests++;
        if (s.BufferCritical) BufferCriticalObservations++;
        if (s.Disrupted) StreamDisruptionObservations++;
        if (s.NotRunning) NotRunningObservations++;
        if (s.BlockingAlerts.Count > 0) BlockingAlertObservations++;
        foreach (var a in s.BlockingAlerts) Remember(a);
        if (s.OrchestratorGone) FirstOrchestratorGone ??= s;
        WatchMetrics(s);
        return Problems().FirstOrDefault();
    }

    // Each kind of blocking alert is listed once; alert codes come from the API, so the list is capped to keep a soak
    // of any length in flat memory.
    private void Remember(string alert)
    {
        if (_blocking.Count > MaxBlockingAlertKinds || _blocking.Contains(alert)) return;
        _blocking.Add(_blocking.Count < MaxBlockingAlertKinds
            ? alert : $"more than {MaxBlockingAlertKinds} kinds of blocking alert: the rest are not listed");
    }

    /// <summary>What fails the soak whatever comes next, in the order the limits are documented.</summary>
    public IEnumerable<string> Problems()
    {
        if (FirstOrchestratorGone is { } gone)
            yield return $"the orchestrator the soak started was gone at sample {gone.K} at {SoakJson.Time(gone.T)}";
        if (Failures > Settings.FailureLimit && FirstFailure is { } f)
            yield return $"{Failures} sample(s) failed (failure limit {Settings.FailureLimit}), first: sample {f.K} at "
                + $"{SoakJson.Time(f.T)}: {string.Join("; ", f.Reasons)}";
        if (LongestErrorRun > Settings.MaxConsecutiveErrors)
            yield return $"{LongestErrorRun} consecutive samples could not be measured (consecutive-error limit "
                + $"{Settings.MaxConsecutiveErrors}), from sample {LongestErrorRunStart}: "
                + string.Join("; ", LongestErrorRunReasons);
        if (Errors > Settings.AllowedErrors && FirstError is { } e)
            yield return $"error budget spent: {Errors} of {Samples} samples could not be measured, more than the "
                + $"{Settings.AllowedErrors} that the budget of {Settings.ErrorBudget:0.####} of "
                + $"{Settings.Schedule.ExpectedSamples} samples allows; first: sample {e.K}: {string.Join("; ",
                    e.Reasons)}";
        if (StaleMetrics is { } stale) yield return stale;
    }

    /// <summary>Every reason the finished soak fails, its own problems first.</summary>
    public IReadOnlyList<string> Reasons()
    {
        var reasons = Problems().ToList();
        // A short soak can stay within every limit while never measuring anything: unmeasured is not healthy.
        if (Samples > 0 && Errors == Samples)
            reasons.Add($"none of the {Samples} samples could be measured, so nothing shows the service healthy: "
                + string.Join("; ", Last!.Reasons));
        if (Samples < Settings.Schedule.ExpectedSamples)
            reasons.Add($"only {Samples} of the {Settings.Schedule.ExpectedSamples} samples the schedule asked "
                + $"for were taken");
        return reasons;
    }

    // metric_samples advances when its row count or newest ts changes; an unreadable db never counts as advancing. And
    // the API must serve the newest row: values other than that row's for longer than the window are stale too.
    private void WatchMetrics(SoakSampleRecord s)
    {
        var window = Settings.StaleMetricsWindow;
        _laggingSince = s.MetricsLagging == true ? _laggingSince ?? s : null;
        if (StaleMetrics is null && _laggingSince is { } lag && s.T - lag.T > window)
            StaleMetrics =
                $"stale metrics: /metrics served other values than metric_samples' newest row ({s.MetricsNewest})"
                + $" for {(s.T - lag.T).TotalSeconds:0} s (window {window.TotalSeconds:0} s), from sample {lag.K} at "
                + $"{SoakJson.Time(lag.T)} to sample {s.K}: buffer {s.BufferMinutes} min served";
        var since = _metricsSince;
        if (since is null || s.MetricRows is not null
            && (s.MetricRows, s.MetricsNewest) != (since.MetricRows, since.MetricsNewest))
        {
            _metricsSince = s;
            return;
        }
        var quiet = s.T - since.T;
        if (StaleMetrics is not null || quiet <= window) return;
        var seen = since.MetricRows is { } rows ? $"{rows} rows, newest {since.MetricsNewest
            ?? "none"}" : "db unreadable";
        StaleMetrics = $"stale metrics: metric_samples did not advance for {quiet.TotalSeconds:0} s (window "
            + $"{window.TotalSeconds:0} s), from sample {since.K} at {SoakJson.Time(since.T)} to sample {s.K} ({seen})";
    }
}
