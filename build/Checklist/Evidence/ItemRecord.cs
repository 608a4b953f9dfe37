namespace Checklist;

/// <summary>The evidence record of one checklist item: status, why, which files prove it, which target produced it and
/// when.</summary>
public sealed record ItemRecord(
    string Id,
    ItemStatus Status,
    string Reason,
    IReadOnlyList<string> Evidence,
    string Target,
    DateTimeOffset At);
