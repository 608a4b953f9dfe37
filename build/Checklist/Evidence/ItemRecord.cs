namespace Checklist;

/// <summary>The evidence record of one checklist item: status, why, which files prove it, which target produced it and
/// when.</summary>
public sealed record ItemRecord(
    string Id,
    ItemStatus Status,
    string Reason,
    IReadOnlyList<string> Evidence,
    string Target,
    DateTimeOffset At)
{
    /// <summary>The run that proved it (an adopted record keeps its origin's); empty: the run deciding.</summary>
    public string Run { get; init; } = "";

    /// <summary>The workspace that proved it (<see cref="WorkspaceIdentity.InstanceOf"/>); empty: the run's.</summary>
    public string Workspace { get; init; } = "";

    /// <summary>The attempt of <see cref="Run"/> (1 for its first build, +1 per reopen); 0: the current one.</summary>
    public int Attempt { get; init; }
}
