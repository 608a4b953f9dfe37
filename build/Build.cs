using Engine;

/// <summary>VVTV's release checklist as a build: one component per checklist section, composed into one graph.</summary>
partial class Build : NukeBuild, ITest, ISecurity, IGoLive, IRunbook, ISoak, ICanary, IPromote, ICloudflareVerify, IRelease, ICleanup, IHazStepTimeouts
{
    public static int Main() => Execute<Build>(x => ((IRelease)x).Release);

    // Started before the first target, so a run that fails at once still leaves its decision.json.
    // Targets about this repository itself (Workflows) neither need nor start a VVTV run; CloudflareVerify (orchestrator and
    // Worker only) and Cleanup (which only stops what this run started) leave the control-API port to other runs.
    protected override void OnBuildInitialized() => ReleaseRun.StartIfPlanned(this,
        except: [nameof(Workflows)],
        withoutControlApi: [nameof(ICloudflareVerify.CloudflareVerify), nameof(ICleanup.Cleanup)]);

    // A checkpoint after each target: a run killed later (a restarted machine) still leaves what it proved so far, signed, for --evidence-from.
    protected override void OnTargetFinished(TargetResult target) => ReleaseRun.CheckpointIfStarted(this);

    // Every run that touched a workspace leaves its decision.json, whatever target it ran and however it ended.
    protected override void OnBuildFinished() => ReleaseRun.FinishIfStarted(this);
}
