using Engine;

/// <summary>The VVTV workspace a run is about, the run's evidence store and the artifacts folder.</summary>
interface IHazVvtvWorkspace : INukeBuild
{
    [Parameter("VVTV workspace to release (a checkout of voulezvous-tv). Default: a fresh copy of the bundled sandbox")]
    AbsolutePath? VvtvRoot => this.TryGetValue<AbsolutePath?>(() => VvtvRoot);

    [Parameter("Earlier evidence to reuse: a run id in artifacts/runs, a run folder, or a folder of runs (such as a downloaded artifacts/). A gate whose fresh pass of this VVTV commit is there is adopted instead of run; without it, skipped gates adopt from artifacts/runs")]
    string? EvidenceFrom => this.TryGetValue(() => EvidenceFrom);

    [Parameter("Oldest evidence an earlier run may contribute, by the times it recorded (36h, 7d, 1d12h). Default: 7d")]
    TimeSpan? MaxEvidenceAge => this.TryGetValue<TimeSpan?>(() => MaxEvidenceAge);

    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

    AbsolutePath SandboxDirectory => RootDirectory / "sandbox";

    /// <summary>Started on first use: resolves the workspace and opens artifacts/runs/&lt;run-id&gt;/.</summary>
    ReleaseRun Run => ReleaseRun.Of(this);

    /// <summary>True when --evidence-from holds a fresh pass of <paramref name="target"/>'s section, now adopted into this run.</summary>
    bool AdoptsImportedPass(string target) => EvidenceSources.Of(this).AdoptsPass(target);
}
