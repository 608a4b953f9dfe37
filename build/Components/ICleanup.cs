using Engine;

/// <summary>
/// Assured cleanup after the gates: emergency mode off, every process the build or a script started stopped, port 7070
/// free.
/// </summary>
interface ICleanup : IHazVvtvWorkspace
{
    Target Cleanup => _ => _
        .Description("Cleanup (runs after failure and Ctrl-C too): emergency mode off, stop everything the run started")
        .TriggeredBy<ITest>(x => x.Test)
        .TriggeredBy<ISecurity>(x => x.Security)
        .TriggeredBy<IGoLive>(x => x.GoLive)
        .TriggeredBy<IRunbook>(x => x.Runbook)
        .TriggeredBy<ISoak>(x => x.Soak)
        .TriggeredBy<ICanary>(x => x.Canary)
        .TriggeredBy<IPromote>(x => x.Promote)
        .AssuredAfterFailure()
        .Executes(() => Run.CleanupAsync(CancellationToken.None));
}
