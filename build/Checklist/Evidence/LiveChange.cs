namespace Checklist;

/// <summary>
/// One step of a run that changed the live workspace (a key rotated, archived keys pruned, the state db restored,
/// emergency mode switched, a nightly forced), and what it changed: the decision lists them all.
/// </summary>
public sealed record LiveChange(string Step, string Changed, string Target, DateTimeOffset At);
