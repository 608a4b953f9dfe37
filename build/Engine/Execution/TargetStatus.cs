namespace Engine;

/// <summary>Outcome of one target in the summary.</summary>
public enum TargetStatus { NotRun, Skipped, Succeeded, Failed, Aborted, Collective }

/// <summary>One row of the summary: a planned target, its outcome, duration and note.</summary>
public sealed class TargetResult(string name)
{
    public string Name { get; } = name;
    public TargetStatus Status { get; internal set; } = TargetStatus.NotRun;
    public TimeSpan Duration { get; internal set; }
    public string? Note { get; internal set; }
}
