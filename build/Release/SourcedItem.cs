using Checklist;

/// <summary>A run of the same VVTV commit whose evidence the release uses.</summary>
public sealed record EvidenceRun(string RunId, string RunDir, DateTimeOffset StartedAt);

/// <summary>
/// A checklist item's result as the release shows it: status, reason, target and evidence exactly as the run that
/// proved it recorded them
/// (evidence paths relative to that run's folder), or as decided at release time when <see cref="Run"/> is null.
/// </summary>
public sealed record SourcedItem(string Id, ItemStatus Status, string Reason, string Target,
    IReadOnlyList<string> Evidence, DateTimeOffset At, EvidenceRun? Run)
{
    /// <summary>The workspace that proved it (a sandbox copy's id, or a checkout's folder).</summary>
    public string Workspace { get; init; } = "";

    /// <summary>The attempt of <see cref="Run"/> that proved it.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The folder its evidence paths are relative to.</summary>
    public string BaseDir(string releaseRunDir) => Run?.RunDir ?? releaseRunDir;
}
