using Engine;

/// <summary>The wall-clock limits of the workspace steps the gates run (D-P4).</summary>
interface IHazStepTimeouts : INukeBuild
{
    [Parameter("Upper limit in seconds on each workspace step: cargo test, the orchestrator run, API readiness, the phase, runbook and promote scripts, the canary beyond its soak. Default: the per-step limits (minutes on the sandbox, longer on a checkout)")]
    int? StepTimeoutSecs => this.TryGetValue<int?>(() => StepTimeoutSecs);
}
