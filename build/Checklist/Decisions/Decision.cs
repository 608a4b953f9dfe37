namespace Checklist;

/// <summary>The Go/No-Go outcome: verdict, every reason against GO, and the final record of every checklist
/// item.</summary>
public sealed record Decision(bool Go, IReadOnlyList<string> Reasons, IReadOnlyList<ItemRecord> Items)
{
    /// <summary>"GO" or "NO-GO" as written to decision.json.</summary>
    public string Verdict => Go ? "GO" : "NO-GO";
}
