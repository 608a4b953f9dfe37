using Engine;

/// <summary>
/// Wall-clock limits per workspace step: VVTV's scripts count readiness-loop iterations instead of time, and a
/// checkout's first cargo run compiles.
/// </summary>
public sealed record StepTimeouts(
    TimeSpan CargoTest,
    TimeSpan OrchestratorRun,
    TimeSpan ApiReady,
    TimeSpan Phase,
    TimeSpan RunbookStep,
    TimeSpan Promote,
    TimeSpan CanaryOverhead)
{
    public static readonly StepTimeouts Sandbox = new(
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(4),
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3));

    public static readonly StepTimeouts Checkout = new(
        TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60),
        TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30));

    /// <summary>
    /// These limits, each at most <paramref name="limitSecs"/> seconds when given (--step-timeout-secs).
    /// </summary>
    public StepTimeouts CappedAt(int? limitSecs)
    {
        if (limitSecs is not { } secs) return this;
        BuildAssert.True(secs >= 1, $"--step-timeout-secs {secs} must be at least 1");
        var limit = TimeSpan.FromSeconds(secs);
        TimeSpan Cap(TimeSpan t) => t < limit ? t : limit;
        return new(Cap(CargoTest), Cap(OrchestratorRun), Cap(ApiReady), Cap(Phase), Cap(RunbookStep), Cap(Promote),
            Cap(CanaryOverhead));
    }
}
