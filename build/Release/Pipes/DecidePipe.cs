using Checklist;
using Engine;
using Serilog;

/// <summary>
/// Go/No-Go: adopts evidence for skipped gates, checks /v1/alerts live, decides; NO-GO fails with every reason.
/// </summary>
public sealed class DecidePipe : IReleasePipe
{
    public async Task RunAsync(ReleaseContext context, CancellationToken ct)
    {
        var run = context.Run;
        var store = run.Evidence;
        new RunFacts(RunFacts.Millis(store.StartedAt), context.Request.TargetsRan, context.Request.GateParameters)
            .Write(store.RunDir);
        var sources = context.Sources.AdoptSkipped(context.Request.RanHere);
        await LiveAlertCheck.RecordAsync(run, ct);
        var decision = GoNoGo.Decide(store.Records, store.Findings, DateTimeOffset.UtcNow);
        if (!decision.Go)
            BuildAssert.Fail($"NO-GO for VVTV {store.VvtvCommit}: nothing is bundled or published." +
                             Environment.NewLine +
                             "  - " + string.Join(Environment.NewLine + "  - ", decision.Reasons) +
                             $"{Environment.NewLine}The evidence and decision.md are in {store.RunDir}");
        var (version, source) = context.Request.Version is { Length: > 0 } given
            ? (given, "--release-version")
            : await ReleaseDefaults.VersionAsync(run.Workspace, ct);
        Log.Information("GO for VVTV {Commit:l}: every checklist item passes and no high/critical alert is active; " +
                        "version {Version:l} (from {Source:l})", store.VvtvCommit, version, source);
        context.Decided = (version, sources.Sourced(decision));
    }
}
