namespace Checklist;

/// <summary>Outcome of one checklist item in one run.</summary>
public enum ItemStatus
{
    /// <summary>Proved by evidence in this run.</summary>
    Pass,

    /// <summary>Checked and found wrong.</summary>
    Fail,

    /// <summary>Not proved in this run.</summary>
    Skipped,
}
