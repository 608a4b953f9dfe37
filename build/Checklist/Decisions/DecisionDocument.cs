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
    DateTimeOffset At);
