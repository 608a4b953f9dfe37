using System.Runtime.CompilerServices;
using Checklist;
using CliWrap;
using Engine;
using Serilog;

/// <summary>
/// One run of the checklist in this process: the workspace it drives, its evidence store and the environment of the workspace's commands.
/// Components share it through <see cref="IHazVvtvWorkspace.Run"/>.
/// </summary>
sealed class ReleaseRun
{
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

    /// <summary>The VVTV workspace the commands run in (a checkout, or a fresh copy of the sandbox template).</summary>
    public AbsolutePath Workspace { get; }

    /// <summary>True when no --vvtv-root was given and the run drives a sandbox copy.</summary>
    public bool IsSandbox { get; }

    public AbsolutePath SandboxDirectory { get; }

    public EvidenceStore Evidence { get; }

    /// <summary>Environment every workspace command starts with (cargo on PATH; a sandbox run also puts the sandbox's cargo first).</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    public static ReleaseRun Of(IHazVvtvWorkspace build)
    {
        lock (Runs) return Runs.GetValue(build, _ => Start(build));
    }

    /// <summary>Writes decision.json/decision.md when a run was started in this process.</summary>
    public static void FinishIfStarted(INukeBuild build)
    {
        ReleaseRun? run;
        lock (Runs) Runs.TryGetValue(build, out run);
        if (run is null) return;
        var doc = run.Evidence.Finish();
        run._portLock?.Dispose();
        Log.Information("Decision {Decision:l} written to {Path:l}", doc.Decision, Path.Combine(run.Evidence.RunDir, DecisionFile.JsonName));
    }

    /// <summary>A command in the workspace with the run's environment plus <paramref name="environment"/>.</summary>
    public Command Command(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>(_environment);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) env[k] = v;
        return Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(Workspace).WithEnvironmentVariables(env);
    }

    private static ReleaseRun Start(IHazVvtvWorkspace build)
    {
        var portLock = ControlApiPortLock.Acquire(build.CancellationToken);
        var template = build.SandboxDirectory / "workspace";
        var environment = new Dictionary<string, string?>();
        AbsolutePath workspace;
        string identity;
        if (build.VvtvRoot is { } root)
        {
            CheckWorkspace(root);
            workspace = root;
            identity = WorkspaceIdentity.Of(root);
        }
        else
        {
            identity = WorkspaceIdentity.Of(template, template);
            workspace = SandboxCopy.Create(template, build.ArtifactsDirectory / "sandbox");
            environment["PATH"] = $"{build.SandboxDirectory / "bin"}:{System.Environment.GetEnvironmentVariable("PATH")}";
            Log.Information("No --vvtv-root given: running on a fresh sandbox copy at {Workspace:l}", workspace.Value);
        }
        var evidence = EvidenceStore.Create(build.ArtifactsDirectory, workspace, identity);
        Log.Information("Run {RunId:l} on VVTV {Commit:l}; evidence in {RunDir:l}", evidence.RunId, identity, evidence.RunDir);
        return new ReleaseRun(workspace, build.VvtvRoot is null, build.SandboxDirectory, evidence, environment) { _portLock = portLock };
    }

    private static void CheckWorkspace(AbsolutePath root)
    {
        BuildAssert.True(root.DirectoryExists(), $"--vvtv-root {root} does not exist or is not a folder");
        BuildAssert.True((root / "Cargo.toml").FileExists() && (root / "scripts").DirectoryExists(),
            $"--vvtv-root {root} is not a VVTV workspace: it needs Cargo.toml and scripts/ at its top");
    }
}
