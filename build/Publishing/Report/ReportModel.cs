namespace Publishing;

/// <summary>A link from a checklist item to one evidence file, relative to the bundle root.</summary>
public sealed record EvidenceLink(string Label, string RelativePath);

/// <summary>One checklist item as the report shows it.</summary>
public sealed record ReportItem(string Id, string Section, string Text, string Status, bool Optional, string Reason,
    IReadOnlyList<EvidenceLink> Evidence)
{
    /// <summary>
    /// Where the result comes from, e.g. the id of the run that proved it; null when decided at release time.
    /// </summary>
    public string? Source { get; init; }
}

/// <summary>One change a run made to the live workspace: the step and what it changed.</summary>
public sealed record ReportChange(string Step, string Changed, DateTimeOffset At);

/// <summary>One target of the run's timeline.</summary>
public sealed record ReportTarget(string Name, string Status, DateTimeOffset Start, TimeSpan Duration);

/// <summary>Everything report.html shows; rendering uses nothing else.</summary>
public sealed record ReportModel
{
    /// <summary>Release version; empty for the decision of a run, which is not a release yet.</summary>
    public required string Version { get; init; }
    /// <summary>VVTV commit the evidence is for.</summary>
    public required string Commit { get; init; }
    /// <summary>"GO" or "NO-GO".</summary>
    public required string Decision { get; init; }
    /// <summary>Why the decision is what it is.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
    /// <summary>The checklist, in checklist order.</summary>
    public required IReadOnlyList<ReportItem> Items { get; init; }
    /// <summary>The runs the evidence came from.</summary>
    public IReadOnlyList<RunReference> Runs { get; init; } = [];
    /// <summary>The targets that ran, for the timeline.</summary>
    public IReadOnlyList<ReportTarget> Targets { get; init; } = [];
    /// <summary>
    /// Who vouches for the evidence or the release (an SSH signature), or why nobody does; null says nothing.
    /// </summary>
    public string? Signature { get; init; }
    /// <summary>What the runs changed on the live workspace, in the order made.</summary>
    public IReadOnlyList<ReportChange> LiveChanges { get; init; } = [];
    /// <summary>Optional soak chart as inline SVG markup.</summary>
    public string? SoakChartSvg { get; init; }
}
