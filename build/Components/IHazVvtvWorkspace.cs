using Engine;

/// <summary>The VVTV workspace a run is about, the run's evidence store and the artifacts folder.</summary>
interface IHazVvtvWorkspace : INukeBuild
{
    [Parameter("VVTV workspace to release (a checkout of voulezvous-tv). Default: a fresh copy of the bundled sandbox")]
    AbsolutePath? VvtvRoot => this.TryGetValue<AbsolutePath?>(() => VvtvRoot);

    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

    AbsolutePath SandboxDirectory => RootDirectory / "sandbox";

    /// <summary>Started on first use: resolves the workspace and opens artifacts/runs/&lt;run-id&gt;/.</summary>
    ReleaseRun Run => ReleaseRun.Of(this);
}
