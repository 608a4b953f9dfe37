using Checklist;
using CliWrap;
using Engine;
using Serilog;
using Vvtv;

/// <summary>
/// One run of the checklist: the workspace it drives, its evidence store and the environment of the workspace's
/// commands. Started once from a <see cref="RunRequest"/> and its <see cref="WorkspaceProfile"/>; the components hand
/// it down to what they call.
/// </summary>
public sealed partial class ReleaseRun
{
    private readonly Dictionary<string, string?> _environment;
    // Held until the process ends (the kernel drops it if the process dies).
    private LoopbackPortLock? _portLock;
    private SpaceReserve? _reserve;
    // The findings of a checkpoint (a full disk) belong to the attempt that hit it; the next attempt drops them.
    private const string CheckpointTarget = "Checkpoint";
    // Set when a decision could not be written as it was (a full disk): the run stops at the next target.
    private string? _notWritten;

    private ReleaseRun(AbsolutePath workspace, WorkspaceProfile profile, EvidenceStore evidence,
        Dictionary<string, string?> environment)
    {
        Workspace = workspace;
        Profile = profile;
        Evidence = evidence;
        _environment = environment;
    }

    /// <summary>The VVTV workspace the commands run in (a checkout, or a sandbox copy under the run folder).</summary>
    public AbsolutePath Workspace { get; }

    /// <summary>Sandbox or checkout, with every default that follows from it.</summary>
    public WorkspaceProfile Profile { get; }

    /// <summary>True when no --vvtv-root was given and the run drives a sandbox copy.</summary>
    public bool IsSandbox => Profile.IsSandbox;

    public EvidenceStore Evidence { get; }

    /// <summary>artifacts/runs/&lt;run-id&gt;.</summary>
    public AbsolutePath RunDirectory => AbsolutePath.Create(Evidence.RunDir);

    /// <summary>
    /// Environment every workspace command starts with: VVTV_ENV, the control token and secret, the Cloudflare sync
    /// variables, the backup key folder and VVTV_API_URL (generated for a sandbox run, read from the environment on a
    /// checkout); a sandbox run also puts the sandbox's cargo first on PATH.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <summary>The bearer token of signed control calls (a secret).</summary>
    public string ControlToken => _environment["VVTV_CONTROL_TOKEN"]!;

    /// <summary>The HMAC key of signed control calls (a secret).</summary>
    public string ControlSecret => _environment["VVTV_CONTROL_SECRET"]!;

    /// <summary>
    /// A variable as workspace commands see it: the run's value, else the build process's own; null when unset.
    /// </summary>
    public string? Variable(string name) =>
        _environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);

    /// <summary>The base URL the scripts and this build call.</summary>
    public string ApiUrl => _environment.GetValueOrDefault("VVTV_API_URL") ?? ControlApiAddress.DefaultUrl;

    /// <summary>Wall-clock limits of the workspace steps: the profile's, capped by --step-timeout-secs.</summary>
    public StepTimeouts Timeouts => Profile.Timeouts;

    /// <summary>
    /// Set while emergency mode was switched on by this run and not yet switched off (cleanup does that).
    /// </summary>
    public bool EmergencyLeftOn { get; set; }

    /// <summary>
    /// Opens the run: reopens the one a --release-run key or --continue names, else creates one. Takes the control-API
    /// port lock when <see cref="RunRequest.ControlApi"/>; the checks of the workspace were done by the profile.
    /// </summary>
    public static ReleaseRun Start(RunRequest request, WorkspaceProfile profile)
    {
        // Two runs sharing a loopback would otherwise stop or sample each other's API; the tests take the same lock.
        var portLock = request.ControlApi
            ? LoopbackPortLock.Acquire(ControlApiAddress.Port, "control-API", request.Cancellation)
            : null;
        try
        {
            // Before anything starts: a killed run's API, orchestrator or Worker would hold the port, the scheduler
            // lease or the Worker's ports.
            RunLeftovers.StopKilledRuns(request.ArtifactsDirectory);
            var run = Reopen(request, profile) ?? Create(request, profile);
            run._portLock = portLock;
            run._reserve = SpaceReserve.Take(run.Evidence.RunDir);
            run.Evidence.Forget(CheckpointTarget);
            RunMarker.Set(run.Evidence.RunId, request.ArtifactsDirectory, run.Workspace);
            run.Evidence.SignWith(request.Signer);
            RunPointer.Save(request, run.Evidence.RunDir);
            if (request.ReleaseRunKey is { } key)
                ReleaseRunKeys.Save(request.ArtifactsDirectory, key, run.Evidence.RunId);
            return run;
        }
        catch
        {
            portLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes decision.json, decision.md and SHA256SUMS of the evidence so far. When the disk is full it writes them
    /// with the reserved space, naming what could not be written, and then fails, so that no later target runs on a
    /// full disk and the decision still agrees with the targets that ran.
    /// </summary>
    public void Checkpoint()
    {
        WriteDecision();
        if (_notWritten is { } what)
            throw new ExpectedErrorException($"{what}; the run stops here, its decision says what was proved",
                "free space there, then run again with --continue");
    }

    // Written atomically, or not at all: on a full disk the reserved space is given up and the decision written again
    // with a finding that says what could not be written. A decision that still cannot be written must not leave an
    // earlier checkpoint standing for this run: its decision files go (unlinking needs no space), and the log says so.
    private DecisionDocument? WriteDecision()
    {
        try { return Evidence.Finish(); }
        catch (IOException e) when (_reserve?.Release() == true)
        {
            _notWritten = NotWritten(e);
            Log.Error("{What:l}; the space reserved for the decision was released to write it", _notWritten);
            Evidence.RaiseNoGo(NoGoCause.Other, $"{_notWritten}; the run stopped there", CheckpointTarget);
        }
        catch (IOException e)
        {
            return Unwritten(e);
        }
        try { return Evidence.Finish(); }
        catch (IOException e) { return Unwritten(e); }
    }

    // What could not be written, and why: errno 28 (ENOSPC) or 122 (EDQUOT) is a full disk.
    private string NotWritten(IOException e) => e.HResult is 28 or 122
        ? $"The disk of {Evidence.RunDir} was full: {e.Message}"
        : $"The decision could not be written to {Evidence.RunDir}: {e.Message}";

    private DecisionDocument? Unwritten(IOException e)
    {
        _notWritten ??= NotWritten(e);
        foreach (var name in new[] { DecisionFile.JsonName, DecisionFile.MarkdownName })
            try { File.Delete(Path.Combine(Evidence.RunDir, name)); }
            catch (Exception gone) when (gone is IOException or UnauthorizedAccessException) { }
        Log.Error("Could not write the decision of run {RunId:l} to {RunDir:l} ({Message:l}): its decision.json " +
                  "and decision.md were removed so that no earlier checkpoint stands for it; free space and run " +
                  "--continue", Evidence.RunId, Evidence.RunDir, e.Message);
        return null;
    }

    /// <summary>
    /// The run's end, however the build ended: cleanup, unproved items of an aborted gate recorded as interrupted,
    /// decision.json written, the port lock released. Returns the decision as written; null when it could not be.
    /// </summary>
    public DecisionDocument? Finish(IReadOnlyList<TargetResult> plan)
    {
        DecisionDocument? decision;
        try
        {
            CleanupAsync(CancellationToken.None).GetAwaiter().GetResult();
            // A sandbox copy is this run's alone: a lease taken there since this build started is of an orchestrator
            // it stopped (Ctrl-C), and a resume right after must not wait it out (30 s, D-O2).
            if (IsSandbox && RunMarker.StartedAt(System.Environment.ProcessId) is { } started)
                RunLeftovers.ReleaseLease(Workspace, started);
        }
        finally
        {
            RecordInterrupted(plan);
            decision = WriteDecision();
            _reserve?.Release();
            _portLock?.Dispose();
            if (decision is not null)
                Log.Information("Decision {Decision:l} written to {Path:l}", decision.Decision,
                    Path.Combine(Evidence.RunDir, DecisionFile.JsonName));
        }
        return decision;
    }

    // An aborted gate (Ctrl-C, a cancelled CI job) ran but proved no more: its unproved items say so.
    private void RecordInterrupted(IReadOnlyList<TargetResult> plan)
    {
        foreach (var target in plan.Where(t => t.Status == TargetStatus.Aborted))
        {
            // Interrupted means not decided: an aborted Release never leaves a GO, whatever it had checked.
            if (target.Name == GateSections.ReleaseTarget)
                Evidence.RaiseNoGo(NoGoCause.Other, "Release was interrupted (Ctrl-C or a cancelled job) before it " +
                                                    "finished; run it again to decide", target.Name);
            if (GateSections.Targets.FirstOrDefault(s => s.Value == target.Name).Key is not { } section) continue;
            var proved = Evidence.Records.Where(r => r.Target == target.Name).Select(r => r.Id).ToHashSet();
            foreach (var id in GateSections.ItemsOf(section).Where(id => !proved.Contains(id)))
                Evidence.Record(id, ItemStatus.Fail,
                    $"{target.Name} was interrupted (Ctrl-C or a cancelled job) before it proved this item; " +
                    "--continue resumes it", target.Name);
        }
    }

    /// <summary>A command in the workspace with the run's environment plus <paramref name="environment"/>.</summary>
    public Command Command(string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>(_environment);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) env[k] = v;
        return Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(Workspace).WithEnvironmentVariables(env);
    }

    /// <summary>
    /// A workspace script (scripts/&lt;name&gt;) run by bash, so a checkout without exec bits works the same.
    /// </summary>
    public Command Script(string name, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        Command("bash", [Workspace / "scripts" / name, .. arguments], environment);

    /// <summary>
    /// The output folder of one stage inside the workspace, unique to this run
    /// (runtime/release-build/&lt;run-id&gt;/&lt;stage&gt;): the scripts' VVTV_*_OUT_DIR point here, never at their
    /// timestamped defaults, which two runs in one second would share.
    /// </summary>
    public AbsolutePath OutDir(string stage) =>
        (Workspace / "runtime" / "release-build" / Evidence.RunId / stage).CreateDirectory();

    /// <summary>
    /// <see cref="OutDir"/> emptied for a new attempt of the stage: what an earlier attempt wrote (a retried CI job,
    /// --continue) is kept beside it as &lt;stage&gt;.attempt-&lt;UTC time&gt;, never read as this attempt's output.
    /// </summary>
    public AbsolutePath FreshOutDir(string stage)
    {
        var dir = OutDir(stage);
        if (Directory.EnumerateFileSystemEntries(dir).Any())
            Directory.Move(dir, $"{dir}.attempt-{UtcTime.Format(DateTimeOffset.UtcNow, "yyyyMMdd'T'HHmmss'Z'")}");
        return OutDir(stage);
    }

    /// <summary>
    /// The run folder <see cref="Start"/> would try to reopen (named by --release-run's key or by --continue's
    /// pointer), read without changing anything; null when it would create a run.
    /// </summary>
    public static string? EarlierAttempt(RunRequest request) =>
        request.ReleaseRunKey is { } key ? ReleaseRunKeys.Load(request.ArtifactsDirectory, key)
        : request.Continue ? RunPointer.Load(request)
        : null;

    /// <summary>What a run of the request proves: the checkout's commit, or the sandbox template's content
    /// hash.</summary>
    public static string VvtvCommit(RunRequest request, WorkspaceProfile profile) =>
        profile.Checkout?.Commit ?? WorkspaceIdentity.Of(request.SandboxDirectory / "workspace",
            request.SandboxDirectory / "workspace");

    private static ReleaseRun Create(RunRequest request, WorkspaceProfile profile)
    {
        if (profile.Checkout is { } checkout)
        {
            var evidence = EvidenceStore.Create(request.ArtifactsDirectory, checkout.Root, checkout.Commit);
            Log.Information("Run {RunId:l} on VVTV {Commit:l} at {Workspace:l}; evidence in {RunDir:l}",
                evidence.RunId, evidence.VvtvCommit, checkout.Root.Value, evidence.RunDir);
            return Opened(checkout.Root, profile, evidence, checkout.Environment);
        }
        // The copy lives in the run folder (beside evidence/, never inside it), so the run is self-contained.
        var template = request.SandboxDirectory / "workspace";
        var store = EvidenceStore.Create(request.ArtifactsDirectory,
            runDir => SandboxCopy.Create(template, SandboxWorkspace(runDir)), VvtvCommit(request, profile));
        var workspace = SandboxWorkspace(store.RunDir);
        Log.Information("Run {RunId:l}: no --vvtv-root given, running on a fresh sandbox copy at {Workspace:l}; " +
                        "evidence in {RunDir:l}", store.RunId, workspace.Value, store.RunDir);
        return Opened(workspace, profile, store, RunEnvironment.ForSandbox(workspace, request.SandboxDirectory));
    }

    // A sandbox run's copy is always <run folder>/workspace, so a run folder handed to another machine keeps it.
    private static AbsolutePath SandboxWorkspace(string runDir) => AbsolutePath.Create(runDir) / "workspace";

    /// <summary>
    /// With --continue: why the run folder of the previous attempt cannot be reopened (removed with its artifacts
    /// folder, its sandbox copy gone, or of another commit or checkout), so the targets that attempt passed have no
    /// evidence here and must run again; null when it can be. Reads, changes nothing.
    /// </summary>
    public static string? PreviousAttemptGone(RunRequest request, WorkspaceProfile profile) =>
        request.Continue && request.ReleaseRunKey is null
            ? Refused(() => NotReopenable(RunPointer.Load(request), "--continue", request, profile))
            : null;

    // The files of an earlier attempt are read like any earlier run's (by type and size first): one refused ends the
    // build with one line naming it.
    private static T Refused<T>(Func<T> read)
    {
        try { return read(); }
        catch (DecisionFormatException e)
        {
            throw new ExpectedErrorException(e.Message,
                "remove or repair that file, or leave out --continue and --release-run to start a new run", e);
        }
    }

    private static ReleaseRun? Reopen(RunRequest request, WorkspaceProfile profile)
    {
        string? runDir;
        string why;
        if (request.ReleaseRunKey is { } key)
        {
            runDir = ReleaseRunKeys.Load(request.ArtifactsDirectory, key);
            if (runDir is null) return null;
            why = $"--release-run {key}";
        }
        else if (request.Continue)
        {
            runDir = RunPointer.Load(request);
            why = "--continue";
        }
        else return null;
        if (Refused(() => NotReopenable(runDir, why, request, profile)) is { } problem)
        {
            Log.Warning("{Problem:l}; starting a new run", problem);
            return null;
        }
        // Another job's checkout of the same commit: the workspace files are checked against this one from now on.
        var evidence = Refused(() => EvidenceStore.Reopen(runDir!,
            workspaceRoot: profile.Checkout is { } root ? Path.GetFullPath(root.Root) : null));
        if (profile.Checkout is { } checkout)
        {
            Log.Information("{Why:l}: reopened run {RunId:l} on {Workspace:l}",
                why, evidence.RunId, checkout.Root.Value);
            return Opened(checkout.Root, profile, evidence, checkout.Environment);
        }
        var workspace = SandboxWorkspace(runDir!);
        Log.Information("{Why:l}: reopened run {RunId:l} and its sandbox copy {Workspace:l}",
            why, evidence.RunId, workspace.Value);
        return Opened(workspace, profile, evidence, RunEnvironment.ForSandbox(workspace, request.SandboxDirectory));
    }

    // Why the run folder an earlier attempt left cannot be reopened by this request; null when it can.
    private static string? NotReopenable(string? runDir, string why, RunRequest request, WorkspaceProfile profile)
    {
        if (runDir is null || !Directory.Exists(runDir)) return $"{why}: no earlier run to reopen ({runDir ?? "none"})";
        var identity = RunIdentity.Read(runDir);
        if (profile.Checkout is { } checkout)
        {
            var sameRoot = Path.GetFullPath(checkout.Root) == identity.WorkspaceRoot;
            if (checkout.Commit == identity.VvtvCommit && (sameRoot || request.ReleaseRunKey is not null)) return null;
            // One release run proves one commit: a key naming a run of another commit is a mistake, not a restart.
            BuildAssert.True(request.ReleaseRunKey is null,
                $"--release-run {request.ReleaseRunKey}: run {identity.RunId} proved VVTV {identity.VvtvCommit}, " +
                $"the workspace {checkout.Root} is {checkout.Commit}; give another key for another release");
            return $"{why}: run {identity.RunId} proved {identity.VvtvCommit} at {identity.WorkspaceRoot}, the " +
                   $"workspace is now {checkout.Commit} at {checkout.Root}; its evidence cannot be reused";
        }
        var workspace = SandboxWorkspace(runDir);
        return workspace.DirectoryExists() ? null
            : $"{why}: the sandbox copy {workspace} of run {identity.RunId} is gone";
    }

    private static ReleaseRun Opened(AbsolutePath workspace, WorkspaceProfile profile, EvidenceStore evidence,
        RunEnvironment environment)
    {
        foreach (var secret in environment.Secrets)
        {
            SecretMasker.Global.Register(secret);
            evidence.AddSecrets(secret);
        }
        return new ReleaseRun(workspace, profile, evidence, environment.Variables);
    }
}
