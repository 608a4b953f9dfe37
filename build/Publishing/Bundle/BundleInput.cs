namespace Publishing;

/// <summary>One evidence file to place in the bundle, with what it proves.</summary>
/// <param name="SourcePath">Absolute path of the file as the run stored it.</param>
/// <param name="TargetPath">Relative path inside the bundle, e.g. "evidence/soak/summary.json" (forward
/// slashes).</param>
/// <param name="Kind">What sort of evidence it is, e.g. "log", "json", "metrics".</param>
/// <param name="ProducingTarget">The build target that produced the file.</param>
/// <param name="Items">Checklist item ids this file proves.</param>
public sealed record EvidenceFile(string SourcePath, string TargetPath, string Kind, string ProducingTarget,
    IReadOnlyList<string> Items);

/// <summary>
/// A run whose evidence is in the bundle: when it started, its newest evidence record and the parameters it ran with.
/// </summary>
/// <remarks>No finish time: the run that publishes may be the run that produced the evidence, and it has not finished
/// yet.</remarks>
public sealed record RunReference(string RunId, DateTimeOffset StartedAt, DateTimeOffset LastEvidenceAt)
{
    /// <summary>Parameters the run was started with (secret-looking names are dropped before writing).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>Everything the bundle is made of; the bundle depends on nothing else (no clock, no environment).</summary>
/// <remarks>An ed25519 or RSA signature is the same for the same bytes; an ECDSA one is not, so prefer ed25519
/// keys.</remarks>
public sealed record BundleInput
{
    /// <summary>Release version without the leading "v", e.g. "1.4.0".</summary>
    public required string Version { get; init; }
    /// <summary>Git tag of the release, normally "v" + version.</summary>
    public string Tag => "v" + Version;
    /// <summary>The VVTV commit the evidence was produced on.</summary>
    public required string VvtvCommit { get; init; }
    /// <summary>Runs the evidence came from.</summary>
    public required IReadOnlyList<RunReference> Runs { get; init; }
    /// <summary>Version of this release tool.</summary>
    public required string ToolVersion { get; init; }
    /// <summary>Evidence files to lay out.</summary>
    public required IReadOnlyList<EvidenceFile> Evidence { get; init; }
    /// <summary>The decision text, written as decision.md; null renders it from <see cref="Report"/>.</summary>
    public string? DecisionMarkdown { get; init; }
    /// <summary>What report.html shows.</summary>
    public required ReportModel Report { get; init; }
    /// <summary>
    /// The VVTV changes since the previous release, for the release notes; null when not known (sandbox).
    /// </summary>
    public VvtvChangelog? Changelog { get; init; }
    /// <summary>
    /// Signs the bundle's SHA256SUMS as SHA256SUMS.sig; null leaves the release unsigned and says so.
    /// </summary>
    public SshSigner? Signer { get; init; }
    /// <summary>
    /// The time stamped on archive entries: the newest evidence time, never the clock of the publishing run.
    /// </summary>
    public DateTimeOffset ArchiveTime { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
