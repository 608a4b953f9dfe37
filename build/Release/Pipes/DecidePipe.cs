using Checklist;
using Engine;
using Publishing;
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
        // A default read from the workspace is checked as strictly as a given one: it names a folder and a tag.
        if (!ReleaseVersion.TryParse(version, out _, out var problem))
            BuildAssert.Fail($"The release version '{ReleaseParameters.Printable(version)}' (from {source}) is not a " +
                             $"release version: {problem}. Tag the VVTV commit v<semver> or pass --release-version");
        Log.Information("GO for VVTV {Commit:l}: every checklist item passes and no high/critical alert is active; " +
                        "version {Version:l} (from {Source:l})", store.VvtvCommit, version, source);
        context.Decided = (version, sources.Sourced(decision));
    }
}
