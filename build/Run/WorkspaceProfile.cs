using Engine;

/// <summary>
/// What kind of workspace a run drives and every default that follows from it: the checklist's lengths and limits on a
/// checkout, short ones on the sandbox so a whole sandbox run takes minutes. The one place that tells the two apart.
/// </summary>
public sealed record WorkspaceProfile
{
    /// <summary>True when no --vvtv-root was given and the run drives a fresh copy of the sandbox.</summary>
    public required bool IsSandbox { get; init; }

    /// <summary>The checked checkout (root, commit, environment); null on the sandbox.</summary>
    public CheckedCheckout? Checkout { get; init; }

    public required double SoakHours { get; init; }
    public required int SoakIntervalSecs { get; init; }
    public required int SoakMaxSamples { get; init; }
    public required int SoakBootTimeoutSecs { get; init; }

    public required double CanarySoakHours { get; init; }
    public required int CanarySoakIntervalSecs { get; init; }
    public required int CanarySoakMaxSamples { get; init; }

    /// <summary>Wall-clock limits of the workspace steps, capped by --step-timeout-secs.</summary>
    public required StepTimeouts Timeouts { get; init; }

    /// <summary>
    /// The restore steps overwrite the live state db: only on the sandbox are they allowed without asking.
    /// </summary>
    public required bool MaintenanceWindowAlwaysOpen { get; init; }

    /// <summary>
    /// CloudflareVerify's default: a local Worker on workerd (sandbox) or the deployed one (checkout).
    /// </summary>
    public required bool CloudflareLocal { get; init; }

    /// <summary>The sandbox's defaults.</summary>
    public static readonly WorkspaceProfile Sandbox = new()
    {
        IsSandbox = true,
        SoakHours = 0,
        SoakIntervalSecs = 1,
        SoakMaxSamples = 5,
        SoakBootTimeoutSecs = 30,
        CanarySoakHours = 0,
        CanarySoakIntervalSecs = 1,
        CanarySoakMaxSamples = 3,
        Timeouts = StepTimeouts.Sandbox,
        MaintenanceWindowAlwaysOpen = true,
        CloudflareLocal = true,
    };

    /// <summary>A checkout's defaults: the checklist's 24 h soak at 60 s and a 1 h canary soak.</summary>
    public static readonly WorkspaceProfile CheckoutDefaults = new()
    {
        IsSandbox = false,
        SoakHours = 24,
        SoakIntervalSecs = 60,
        SoakMaxSamples = 0,
        SoakBootTimeoutSecs = 90,
        CanarySoakHours = 1,
        CanarySoakIntervalSecs = 60,
        CanarySoakMaxSamples = 0,
        Timeouts = StepTimeouts.Checkout,
        MaintenanceWindowAlwaysOpen = false,
        CloudflareLocal = false,
    };

    /// <summary>
    /// The profile of <paramref name="request"/>: a given --vvtv-root is checked here, once (a folder with Cargo.toml
    /// and
    /// scripts/, the top of a git checkout with a commit, the control secrets in the environment), before any wait.
    /// </summary>
    public static WorkspaceProfile Of(RunRequest request)
    {
        var profile = request.VvtvRoot is { } root
            ? CheckoutDefaults with { Checkout = CheckedCheckout.Check(root) }
            : Sandbox;
        return profile with { Timeouts = profile.Timeouts.CappedAt(request.StepTimeoutSecs) };
    }
}

/// <summary>
/// A VVTV checkout that was checked once: its root, the commit the evidence will name, its environment.
/// </summary>
public sealed record CheckedCheckout(AbsolutePath Root, string Commit, RunEnvironment Environment)
{
    /// <summary>Checks <paramref name="root"/>; fails naming --vvtv-root and what is wrong.</summary>
    public static CheckedCheckout Check(AbsolutePath root)
    {
        BuildAssert.True(root.DirectoryExists(), $"--vvtv-root {root} does not exist or is not a folder");
        BuildAssert.True((root / "Cargo.toml").FileExists() && (root / "scripts").DirectoryExists(),
            $"--vvtv-root {root} is not a VVTV workspace: it needs Cargo.toml and scripts/ at its top");
        // Evidence names the commit it proves; found out here, before the wait for the port lock, not after it.
        var commit = Checklist.WorkspaceIdentity.GitCommit(root);
        BuildAssert.True(commit is not null,
            $"--vvtv-root {root} is not the top folder of a git checkout with a commit: " +
            "the evidence must name the VVTV commit it proves");
        return new CheckedCheckout(root, commit!, RunEnvironment.FromProcess(root));
    }
}
