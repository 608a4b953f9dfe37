using Checklist;

namespace Soak;

/// <summary>
/// Records one soak attempt as the soak's evidence. A reopened run (--continue, a retry) restores the items and No-Go
/// findings of the earlier attempt; they go first, so only the latest attempt decides.
/// </summary>
public static class SoakAttempt
{
    public const string Target = "Soak";

    public static void Record(EvidenceStore store, SoakResult result)
    {
        store.Forget(Target);
        SoakEvidence.Record(store, result);
    }
}
