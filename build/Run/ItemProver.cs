using Checklist;
using Engine;
using Serilog;

/// <summary>
/// The one way a target proves its checklist items: each check records its own item (Pass, Fail or Skipped, with its
/// reason and evidence) and its No-Go findings, a failed check never stops the others from being recorded, and
/// <see cref="Conclude"/> fails the target at its end naming every failed item and finding.
/// </summary>
public sealed class ItemProver(EvidenceStore evidence, string target)
{
    // Item id (or finding) → what failed, in order; a later record of an item replaces the earlier, as in the store.
    private readonly List<(string Key, string Text)> _failures = [];

    public EvidenceStore Evidence { get; } = evidence;

    /// <summary>
    /// A new attempt of <paramref name="target"/>: what an earlier attempt recorded (a reopened run restores it) is
    /// forgotten first, so only the latest attempt of each item decides.
    /// </summary>
    public static ItemProver NewAttempt(EvidenceStore evidence, string target)
    {
        evidence.Forget(target);
        return new ItemProver(evidence, target);
    }

    public string Target { get; } = target;

    /// <summary>Every failed item and finding so far, as <see cref="Conclude"/> names them.</summary>
    public IReadOnlyList<string> Failures => _failures.Select(f => f.Text).ToList();

    public void Pass(string id, string reason, params string[] files)
    {
        Evidence.Record(id, ItemStatus.Pass, reason, Target, files);
        _failures.RemoveAll(f => f.Key == id);
        Log.Information("{Item:l}: Pass — {Reason:l}", id, reason);
    }

    public void Fail(string id, string reason, params string[] files)
    {
        Evidence.Record(id, ItemStatus.Fail, reason, Target, files);
        _failures.RemoveAll(f => f.Key == id);
        _failures.Add((id, $"{id}: {reason}"));
        Log.Error("{Item:l}: Fail — {Reason:l}", id, reason);
    }

    /// <summary>Pass or Fail by <paramref name="passed"/>.</summary>
    public void Record(string id, bool passed, string reason, params string[] files)
    {
        if (passed) Pass(id, reason, files);
        else Fail(id, reason, files);
    }

    public void Skip(string id, string reason)
    {
        Evidence.Record(id, ItemStatus.Skipped, reason, Target);
        _failures.RemoveAll(f => f.Key == id);
        Log.Warning("{Item:l}: Skipped — {Reason:l}", id, reason);
    }

    /// <summary>Raises a No-Go finding; the target fails at its end.</summary>
    public void NoGo(NoGoCause cause, string message)
    {
        var finding = Evidence.RaiseNoGo(cause, message, Target);
        var text = $"No-Go ({finding.CauseName}): {message}";
        _failures.Add((text, text));
        Log.Error("No-Go ({Cause:l}): {Message:l}", finding.CauseName, message);
    }

    /// <summary>Ends the target: fails it naming every failed item and finding.</summary>
    public void Conclude() =>
        BuildAssert.True(_failures.Count == 0, $"{Target}: {string.Join("; ", Failures)}");
}
