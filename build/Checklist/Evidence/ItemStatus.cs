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

    /// <summary>
    /// Never produced, never read (decision.json refuses it) and never counted as Pass: the build has no waivers. Kept
    /// only while the Release layer still names it; remove it with that reference.
    /// </summary>
    Waived,
}
