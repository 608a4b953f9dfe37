using Checklist;
using Engine;

/// <summary>
/// VVTV's release checklist as a build: one component per checklist section, composed into one graph.
/// </summary>
partial class Build : NukeBuild, ITest, ISecurity, IGoLive, IRunbook, ISoak, ICanary, IPromote, ICloudflareVerify,
    IRelease, ICleanup
{
    public static int Main() => Execute<Build>(x => ((IRelease)x).Release);

    // Targets about this repository itself (Workflows) neither need nor start a VVTV run.
    private static readonly string[] WithoutRun = [nameof(Workflows)];

    // CloudflareVerify (orchestrator and Worker only) and Cleanup (which only stops what this run started) leave the
    // control-API port to other runs.
    private static readonly string[] WithoutControlApi =
        [nameof(ICloudflareVerify.CloudflareVerify), nameof(ICleanup.Cleanup)];

    private WorkspaceProfile? _profile;
    private ReleaseRun? _run;
    private EvidenceSources? _sources;
    private ReleaseContext? _release;

    private IHazVvtvWorkspace Workspace => this;

    public WorkspaceProfile Profile => _profile ??= WorkspaceProfile.Of(Workspace.RunRequest(controlApi: false));

    public ReleaseRun Run => _run ??= ReleaseRun.Start(Workspace.RunRequest(controlApi: true), Profile);

    public EvidenceSources Sources => _sources ??= EvidenceSources.For(Run.Evidence, Workspace.ArtifactsDirectory,
        Workspace.EvidenceFrom, Workspace.MaxEvidenceAge ?? EvidenceSources.DefaultMaxAge,
        Workspace.AllowedSigners);

    public ReleaseContext ReleaseContext =>
        _release ??= new ReleaseContext(((IRelease)this).ReleaseRequest(), Run, Sources);

    // The banner names what the output is about: the VVTV commit of a checkout (checked once, as the run uses it).
    protected override string? BannerDetails() =>
        Profile.Checkout is { } checkout ? $"VVTV {checkout.Commit}" : "VVTV sandbox (bundled simulator)";

    // --plan shows what Release would adopt for each gate it does not run, read from the same sources, recording
    // nothing and starting no run (no port lock, no sandbox copy).
    protected override IReadOnlyDictionary<string, string> PlanNotes(IReadOnlySet<string> running)
    {
        var request = Workspace.RunRequest(controlApi: false);
        return EvidenceSources.Preview(ReleaseRun.VvtvCommit(request, Profile), ReleaseRun.EarlierAttempt(request),
                Workspace.ArtifactsDirectory,
                Workspace.EvidenceFrom, Workspace.MaxEvidenceAge ?? EvidenceSources.DefaultMaxAge,
                Workspace.AllowedSigners)
            .Preview(running);
    }

    // Every parameter is checked before --plan prints or any target starts: a value a later target would refuse is
    // refused now, naming the parameter, with nothing started.
    protected override void OnParametersRead()
    {
        try
        {
            var problems = ParameterRules.Problems(this).ToList();
            if (problems.Count > 0)
                throw new ParameterException(string.Join(Environment.NewLine + "error: ", problems));
        }
        catch (TargetFailedException e)
        {
            throw new ParameterException(e.Message);
        }
    }

    // --continue after the run folder of the previous attempt went (a removed artifacts/): its passes left no evidence
    // here, so its targets run again and the run decides on its own evidence, never on "skipped" placeholders.
    protected override string? PreviousAttemptGone() =>
        ReleaseRun.PreviousAttemptGone(Workspace.RunRequest(controlApi: false), Profile);

    // Started before the first target, so a run that fails at once still leaves its decision.json.
    protected override void OnBuildInitialized()
    {
        var running = ExecutionPlan.Where(t => t.Status != TargetStatus.Skipped && !WithoutRun.Contains(t.Name))
            .ToList();
        if (running.Count == 0) return;
        _run = ReleaseRun.Start(Workspace.RunRequest(controlApi: running.Any(t => !WithoutControlApi.Contains(t.Name))),
            Profile);
    }

    // A checkpoint after each target: a run killed later (a restarted machine) still leaves what it proved so far,
    // signed, for --evidence-from.
    protected override void OnTargetFinished(TargetResult target) => _run?.Checkpoint();

    // Every run that touched a workspace leaves its decision.json, whatever target it ran and however it ended.
    // On GitHub Actions every failed item becomes an annotation and the decision goes to the step summary.
    protected override void OnBuildFinished()
    {
        if (_run?.Finish(ExecutionPlan) is not { } decision) return;
        foreach (var item in decision.Items.Where(i => i.Status == ItemStatus.Fail))
            this.ReportError(item.Id, item.Reason);
        this.AppendSummary(DecisionFile.ToMarkdown(decision) + Environment.NewLine +
                           $"Evidence: `{_run.Evidence.RunDir}`" + Environment.NewLine);
    }
}
