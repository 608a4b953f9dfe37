using System.Runtime.CompilerServices;
using Checklist;
using CliWrap;
using Engine;
using Serilog;
using Vvtv;

/// <summary>
/// One run of the checklist in this process: the workspace it drives, its evidence store and the environment of the workspace's commands.
/// Components share it through <see cref="IHazVvtvWorkspace.Run"/>.
/// </summary>
sealed partial class ReleaseRun
{
    /// <summary>Where VVTV's scripts find the control API; the API itself always binds 127.0.0.1:7070.</summary>
    public const string DefaultApiUrl = "http://127.0.0.1:7070";

    private static readonly ConditionalWeakTable<INukeBuild, ReleaseRun> Runs = new();
    private readonly Dictionary<string, string?> _environment;
    // Held until the process ends (the kernel drops it if the process dies).
    private ControlApiPortLock? _portLock;

    private ReleaseRun(AbsolutePath workspace, bool isSandbox, AbsolutePath sandboxDirectory, EvidenceStore evidence, Dictionary<string, string?> environment)
    {
        Workspace = workspace;
        IsSandbox = isSandbox;
        SandboxDirectory = sandboxDirectory;
        Evidence = evidence;
        _environment = environment;
    }

    /// <summary>The VVTV workspace the commands run in (a checkout, or a fresh copy of the sandbox template under the run folder).</summary>
    public AbsolutePath Workspace { get; }

    /// <summary>True when no --vvtv-root was given and the run drives a sandbox copy.</summary>
    public bool IsSandbox { get; }

    public AbsolutePath SandboxDirectory { get; }

    public EvidenceStore Evidence { get; }

    /// <summary>artifacts/runs/&lt;run-id&gt;.</summary>
    public AbsolutePath RunDirectory => AbsolutePath.Create(Evidence.RunDir);

    /// <summary>
    /// Environment every workspace command starts with: VVTV_ENV, the control token and secret, the Cloudflare sync variables,
    /// the backup key folder and VVTV_API_URL (generated for a sandbox run, read from the environment on a checkout);
    /// a sandbox run also puts the sandbox's cargo first on PATH.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <summary>The bearer token of signed control calls (a secret).</summary>
    public string ControlToken => _environment["VVTV_CONTROL_TOKEN"]!;

    /// <summary>The HMAC key of signed control calls (a secret).</summary>
    public string ControlSecret => _environment["VVTV_CONTROL_SECRET"]!;

    /// <summary>A variable as workspace commands see it: the run's value, else the build process's own; null when unset.</summary>
    public string? Variable(string name) =>
        _environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);

    /// <summary>The base URL the scripts and this build call.</summary>
    public string ApiUrl => _environment.GetValueOrDefault("VVTV_API_URL") ?? DefaultApiUrl;

    /// <summary>Wall-clock limits of the workspace steps: the sandbox's or a checkout's, capped by --step-timeout-secs.</summary>
    public StepTimeouts Timeouts { get; private set; } = StepTimeouts.Checkout;

    /// <summary>Set while emergency mode was switched on by this run and not yet switched off (the assured cleanup switches it off).</summary>
    public bool EmergencyLeftOn { get; set; }

    public static ReleaseRun Of(IHazVvtvWorkspace build)
    {
        lock (Runs) return Runs.GetValue(build, _ => Start(build, controlApi: true));
    }

    /// <summary>
    /// Starts the run before the first target when any target will execute, so even a run that fails at once leaves a decision.
    /// The control-API port lock is taken only when a target that talks to the control API will run.
    /// </summary>
    public static void StartIfPlanned(NukeBuild build, IReadOnlyCollection<string> except, IReadOnlyCollection<string> withoutControlApi)
    {
        var running = build.ExecutionPlan.Where(t => t.Status != TargetStatus.Skipped && !except.Contains(t.Name)).ToList();
        if (build is not IHazVvtvWorkspace workspace || running.Count == 0) return;
        var controlApi = running.Any(t => !withoutControlApi.Contains(t.Name));
        lock (Runs) Runs.GetValue(workspace, _ => Start(workspace, controlApi));
    }

    /// <summary>Writes decision.json, decision.md and SHA256SUMS of the evidence so far when a run was started in this process.</summary>
    public static void CheckpointIfStarted(INukeBuild build)
    {
        ReleaseRun? run;
        lock (Runs) Runs.TryGetValue(build, out run);
        run?.Evidence.Finish();
    }

    /// <summary>Writes decision.json/decision.md when a run was started in this process.</summary>
    public static void FinishIfStarted(INukeBuild build)
    {
        ReleaseRun? run;
        lock (Runs) Runs.TryGetValue(build, out run);
        if (run is null) return;
        try { run.CleanupAsync(CancellationToken.None).GetAwaiter().GetResult(); }
        finally
        {
            if (build is NukeBuild nuke) run.RecordInterrupted(nuke.ExecutionPlan);
            var doc = run.Evidence.Finish();
            run._portLock?.Dispose();
            Log.Information("Decision {Decision:l} written to {Path:l}", doc.Decision, Path.Combine(run.Evidence.RunDir, DecisionFile.JsonName));
        }
    }

    // An aborted gate (Ctrl-C, a cancelled CI job) ran but proved no more: its unproved items say so, never "not run in this build".
    private void RecordInterrupted(IReadOnlyList<TargetResult> plan)
    {
        foreach (var target in plan.Where(t => t.Status == TargetStatus.Aborted))
        {
            if (GateSections.Targets.FirstOrDefault(s => s.Value == target.Name).Key is not { } section) continue;
            var proved = Evidence.Records.Where(r => r.Target == target.Name).Select(r => r.Id).ToHashSet();
            foreach (var id in GateSections.ItemsOf(section).Where(id => !proved.Contains(id)))
                Evidence.Record(id, ItemStatus.Fail, $"{target.Name} was interrupted (Ctrl-C or a cancelled job) before it proved this item; --continue resumes it", target.Name);
        }
    }

    /// <summary>A command in the workspace with the run's environment plus <paramref name="environment"/>.</summary>
    public Command Command(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>(_environment);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) env[k] = v;
        return Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(Workspace).WithEnvironmentVariables(env);
    }

    /// <summary>A workspace script (scripts/&lt;name&gt;) run by bash, so a checkout without exec bits works the same.</summary>
    public Command Script(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        Command("bash", [Workspace / "scripts" / name, .. arguments], environment);

    /// <summary>
    /// The output folder of one stage inside the workspace, unique to this run (runtime/release-build/&lt;run-id&gt;/&lt;stage&gt;):
    /// the scripts' VVTV_*_OUT_DIR point here, never at their timestamped defaults (D-P12).
    /// </summary>
    public AbsolutePath OutDir(string stage) => (Workspace / "runtime" / "release-build" / Evidence.RunId / stage).CreateDirectory();

    private static ReleaseRun Start(IHazVvtvWorkspace build, bool controlApi)
    {
        // Bad input fails at once, not after waiting for another run's port lock.
        if (build.VvtvRoot is { } root)
        {
            CheckWorkspace(root);
            RunEnvironment.FromProcess(root);
        }
        var timeouts = StepTimeouts.For(build.VvtvRoot is null, (build as IHazStepTimeouts)?.StepTimeoutSecs);
        var portLock = controlApi ? ControlApiPortLock.Acquire(build.CancellationToken) : null;
        try
        {
            var run = Reopen(build) ?? Create(build);
            run._portLock = portLock;
            run.Timeouts = timeouts;
            RunPointer.Save(build, run.Evidence.RunDir);
            return run;
        }
        catch
        {
            portLock?.Dispose();
            throw;
        }
    }

    private static ReleaseRun Create(IHazVvtvWorkspace build)
    {
        var template = build.SandboxDirectory / "workspace";
        EvidenceStore evidence;
        if (build.VvtvRoot is { } root)
        {
            CheckWorkspace(root);
            var environment = RunEnvironment.FromProcess(root);
            evidence = EvidenceStore.Create(build.ArtifactsDirectory, root, WorkspaceIdentity.Of(root));
            Log.Information("Run {RunId:l} on VVTV {Commit:l} at {Workspace:l}; evidence in {RunDir:l}", evidence.RunId, evidence.VvtvCommit, root.Value, evidence.RunDir);
            return Opened(build, root, evidence, environment);
        }
        // The copy lives in the run folder (beside evidence/, never inside it), so the run is self-contained.
        evidence = EvidenceStore.Create(build.ArtifactsDirectory, runDir => SandboxCopy.Create(template, AbsolutePath.Create(runDir) / "workspace"),
            WorkspaceIdentity.Of(template, template));
        var workspace = AbsolutePath.Create(evidence.WorkspaceRoot);
        Log.Information("Run {RunId:l}: no --vvtv-root given, running on a fresh sandbox copy at {Workspace:l}; evidence in {RunDir:l}", evidence.RunId, workspace.Value, evidence.RunDir);
        return Opened(build, workspace, evidence, RunEnvironment.ForSandbox(workspace, build.SandboxDirectory));
    }

    private static ReleaseRun? Reopen(IHazVvtvWorkspace build)
    {
        if (!build.Continue) return null;
        if (RunPointer.Load(build) is not { } runDir || !Directory.Exists(runDir))
        {
            Log.Warning("--continue: no earlier run of this command line to reopen; starting a new run");
            return null;
        }
        var evidence = EvidenceStore.Reopen(runDir);
        var workspace = AbsolutePath.Create(evidence.WorkspaceRoot);
        if (build.VvtvRoot is { } root)
        {
            CheckWorkspace(root);
            var identity = WorkspaceIdentity.Of(root);
            if (identity != evidence.VvtvCommit || Path.GetFullPath(root) != evidence.WorkspaceRoot)
            {
                Log.Warning("--continue: run {RunId:l} proved {Old:l} at {OldRoot:l}, the workspace is now {New:l} at {Root:l}; its evidence cannot be reused, starting a new run",
                    evidence.RunId, evidence.VvtvCommit, evidence.WorkspaceRoot, identity, root.Value);
                return null;
            }
            Log.Information("--continue: reopened run {RunId:l} on {Workspace:l}", evidence.RunId, workspace.Value);
            return Opened(build, workspace, evidence, RunEnvironment.FromProcess(root));
        }
        if (!workspace.DirectoryExists())
        {
            Log.Warning("--continue: the sandbox copy {Workspace:l} of run {RunId:l} is gone; starting a new run", workspace.Value, evidence.RunId);
            return null;
        }
        Log.Information("--continue: reopened run {RunId:l} and its sandbox copy {Workspace:l}", evidence.RunId, workspace.Value);
        return Opened(build, workspace, evidence, RunEnvironment.ForSandbox(workspace, build.SandboxDirectory));
    }

    private static ReleaseRun Opened(IHazVvtvWorkspace build, AbsolutePath workspace, EvidenceStore evidence, RunEnvironment environment)
    {
        foreach (var secret in environment.Secrets)
        {
            SecretMasker.Global.Register(secret);
            evidence.AddSecrets(secret);
        }
        return new ReleaseRun(workspace, build.VvtvRoot is null, build.SandboxDirectory, evidence, environment.Variables);
    }

    private static void CheckWorkspace(AbsolutePath root)
    {
        BuildAssert.True(root.DirectoryExists(), $"--vvtv-root {root} does not exist or is not a folder");
        BuildAssert.True((root / "Cargo.toml").FileExists() && (root / "scripts").DirectoryExists(),
            $"--vvtv-root {root} is not a VVTV workspace: it needs Cargo.toml and scripts/ at its top");
        // Evidence names the commit it proves; found out here, before the wait for the port lock, not after it.
        BuildAssert.True(WorkspaceIdentity.GitCommit(root) is not null,
            $"--vvtv-root {root} is not the top folder of a git checkout with a commit: the evidence must name the VVTV commit it proves");
    }
}
