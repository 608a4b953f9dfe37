using Publishing;

/// <summary>
/// The whole state of one release, as the pipes hand it on: the request, the run whose evidence it decides on, where
/// skipped sections' evidence comes from, and what each pipe produced (the version and items, then the bundle).
/// </summary>
public sealed class ReleaseContext(ReleaseRequest request, ReleaseRun run, EvidenceSources sources)
{
    public ReleaseRequest Request { get; } = request;

    public ReleaseRun Run { get; } = run;

    public EvidenceSources Sources { get; } = sources;

    /// <summary>
    /// Set by <see cref="DecidePipe"/> on GO: the version and every item as its proving run recorded it.
    /// </summary>
    public (string Version, IReadOnlyList<SourcedItem> Items)? Decided { get; set; }

    /// <summary>Set by <see cref="BundlePipe"/>.</summary>
    public BundleResult? Bundle { get; set; }
}

/// <summary>One step of a release over its <see cref="ReleaseContext"/> (GoReleaser's pipes).</summary>
public interface IReleasePipe
{
    Task RunAsync(ReleaseContext context, CancellationToken ct);
}
