using Engine;
using Publishing;

/// <summary>
/// What one release run starts from, built once by the components from the parameters: nothing below them reads a
/// parameter or a component.
/// </summary>
public sealed record RunRequest
{
    /// <summary>The VVTV checkout to release (symlinks resolved); null runs on a fresh copy of the sandbox.</summary>
    public AbsolutePath? VvtvRoot { get; init; }

    /// <summary>artifacts/: runs/&lt;run-id&gt;/ and the release bundles go here.</summary>
    public required AbsolutePath ArtifactsDirectory { get; init; }

    /// <summary>sandbox/: its workspace template and its cargo stand-in.</summary>
    public required AbsolutePath SandboxDirectory { get; init; }

    /// <summary>.nuke/temp: where the last attempt of a command line is remembered for --continue.</summary>
    public required AbsolutePath TemporaryDirectory { get; init; }

    /// <summary>--continue: reopen the previous attempt of the same command line.</summary>
    public bool Continue { get; init; }

    /// <summary>Identifies the command line (equal across its attempts).</summary>
    public required string InvocationKey { get; init; }

    /// <summary>
    /// --release-run: every build given the same key continues one run (one run id, one evidence folder, one workspace
    /// output folder), so the jobs of one CI workflow run prove one release together.
    /// </summary>
    public string? ReleaseRunKey { get; init; }

    /// <summary>--step-timeout-secs: an upper limit on every workspace step.</summary>
    public int? StepTimeoutSecs { get; init; }

    /// <summary>True when a target that talks to the control API will run: the run then takes the port lock.</summary>
    public bool ControlApi { get; init; } = true;

    /// <summary>--signing-key: signs the run's SHA256SUMS at every checkpoint; null leaves the run unsigned.</summary>
    public SshSigner? Signer { get; init; }

    public CancellationToken Cancellation { get; init; }
}
