namespace Checklist;

/// <summary>The content of decision.json: run identity, times, verdict, reasons and every checklist item.</summary>
public sealed record DecisionDocument(
    string RunId,
    string VvtvRoot,
    string VvtvCommit,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Decision,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<DecisionItem> Items)
{
    /// <summary>True when the verdict is GO.</summary>
    public bool Go => Decision == "GO";

    /// <summary>Whether the run signs its SHA256SUMS, and with which key; <see cref="Unsigned"/> otherwise.</summary>
    public string Signature { get; init; } = Unsigned;

    /// <summary>What the run changed on the live workspace, in the order made (<see cref="LiveChange"/>).</summary>
    public IReadOnlyList<LiveChange> LiveChanges { get; init; } = [];

    /// <summary>This run's attempt when it decided (1 for its first build, +1 per reopen).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The workspace this run drove when it decided (<see cref="WorkspaceIdentity.InstanceOf"/>).</summary>
    public string Workspace { get; init; } = "";

    /// <summary>Every workspace the items were proved in; more than one is named loudly in decision.md.</summary>
    public IReadOnlyList<string> Workspaces =>
        Items.Select(i => i.Workspace).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>What an unsigned run says of itself.</summary>
    public const string Unsigned = "unsigned: no signing key was given (--signing-key), so nobody vouches for this run";
}

/// <summary>One item line of decision.json.</summary>
public sealed record DecisionItem(
    string Id,
    string Section,
    string Text,
    ItemStatus Status,
    bool Optional,
    string Reason,
    IReadOnlyList<string> Evidence,
    string Target,
    DateTimeOffset At)
{
    /// <summary>The run whose evidence proved it (an adopted item names its origin).</summary>
    public string Run { get; init; } = "";

    /// <summary>The workspace that proved it: a sandbox copy's own id, or a checkout's folder.</summary>
    public string Workspace { get; init; } = "";

    /// <summary>The attempt of <see cref="Run"/> that proved it (1 for the run's first build, +1 per reopen).</summary>
    public int Attempt { get; init; } = 1;
}
