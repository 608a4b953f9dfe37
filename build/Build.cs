using Engine;

/// <summary>VVTV's release checklist as a build: one component per checklist section, composed into one graph.</summary>
partial class Build : NukeBuild, ITest, ISecurity, IGoLive, IRunbook, ISoak, ICanary, IPromote, ICloudflareVerify, IRelease
{
    public static int Main() => Execute<Build>(x => ((IRelease)x).Release);

    // Every run that touched a workspace leaves its decision.json, whatever target it ran and however it ended.
    protected override void OnBuildFinished() => ReleaseRun.FinishIfStarted(this);
}
