using Engine;

/// <summary>
/// The VVTV workspace a run is about, the run itself and where its evidence may come from. The parameters are read
/// here and handed down as one <see cref="RunRequest"/>; the build class holds the run they start.
/// </summary>
interface IHazVvtvWorkspace : IHazSigningKey
{
    [Parameter("VVTV workspace to release (a checkout of voulezvous-tv). Default: a fresh copy of the bundled sandbox")]
    AbsolutePath? VvtvRoot => this.TryGetValue<AbsolutePath?>(() => VvtvRoot);

    [Parameter("Earlier evidence to reuse: a run id in artifacts/runs, a run folder, or a folder of runs (such as a " +
               "downloaded artifacts/). A gate whose fresh pass of this VVTV commit is there is adopted instead of " +
               "run; without it, skipped gates adopt from artifacts/runs")]
    string? EvidenceFrom => this.TryGetValue(() => EvidenceFrom);

    [Parameter("Oldest evidence an earlier run may contribute, by the times it recorded (36h, 7d, 1d12h). Default: 7d")]
    TimeSpan? MaxEvidenceAge => this.TryGetValue<TimeSpan?>(() => MaxEvidenceAge);

    [Parameter("Upper limit in seconds on each workspace step: cargo test, the orchestrator run, API readiness, the " +
               "phase, runbook and promote scripts, the canary beyond its soak. Default: the per-step limits " +
               "(minutes on the sandbox, longer on a checkout)")]
    int? StepTimeoutSecs => this.TryGetValue<int?>(() => StepTimeoutSecs);

    // Explicit only: every build a CI job starts (the tests of ci.yml included) would otherwise share the workflow's
    // run. The release workflow passes --release-run ${{ github.run_id }}, so a re-run attempt continues it.
    [Parameter("Key of one release run shared by several builds (CI jobs): each continues the same run id, evidence " +
               "folder and workspace output folder, handed on in artifacts/runs", Name = "ReleaseRun")]
    string? ReleaseRunKey => this.TryGetValue(() => ReleaseRunKey);

    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

    AbsolutePath SandboxDirectory => RootDirectory / "sandbox";

    /// <summary>
    /// Sandbox or checkout with every default that follows, the checkout checked once before any target.
    /// </summary>
    WorkspaceProfile Profile { get; }

    /// <summary>The run of this build, started before the first target (or on first use).</summary>
    ReleaseRun Run { get; }

    /// <summary>
    /// Where the evidence of sections not proved here comes from (--evidence-from, else artifacts/runs).
    /// </summary>
    EvidenceSources Sources { get; }

    /// <summary>The request a run of this build starts from.</summary>
    RunRequest RunRequest(bool controlApi) => new()
    {
        VvtvRoot = VvtvRoot is { } root ? AbsolutePath.Create(Vvtv.WorkspacePath.Real(root)) : null,
        ArtifactsDirectory = ArtifactsDirectory,
        SandboxDirectory = SandboxDirectory,
        TemporaryDirectory = TemporaryDirectory,
        Continue = Continue,
        InvocationKey = InvocationKey,
        ReleaseRunKey = ReleaseRunKey,
        StepTimeoutSecs = StepTimeoutSecs,
        ControlApi = controlApi,
        Signer = Signer,
        Cancellation = CancellationToken,
    };

    /// <summary>
    /// True when --evidence-from holds a fresh pass of <paramref name="target"/>'s section, now adopted.
    /// </summary>
    bool AdoptsImportedPass(string target) => Sources.AdoptsPass(target);
}
