using System.Globalization;
using Publishing;

namespace Checklist;

/// <summary>
/// Whether an earlier run's evidence may be adopted. In order: it proves the same VVTV commit; its items were recorded
/// less than the maximum evidence age ago; its SHA256SUMS is signed by an allowed signer (when any are configured); no
/// file of the run changed since SHA256SUMS was written; and its records are what this build writes (checklist
/// sections, texts and statuses; every Pass with evidence files the checksums cover; a verdict that follows from the
/// items). Evidence whose recorded times were pushed back is refused as old, evidence whose times were moved forward as
/// modified, and a run edited by hand with its checksums recomputed by its signature or, unsigned, by its records.
/// </summary>
public static class EvidenceAdmission
{
    /// <summary>
    /// Null when the items <paramref name="ids"/> of the run may be adopted; otherwise why not, naming the run and the
    /// file. With <paramref name="signers"/> configured, an unsigned run or one whose signature does not verify is
    /// refused.
    /// </summary>
    public static string? Refusal(string runDir, DecisionDocument doc, IEnumerable<string> ids, string vvtvCommit,
        DateTimeOffset now, TimeSpan maxAge, AllowedSigners? signers = null)
    {
        var dir = Path.TrimEndingDirectorySeparator(runDir);
        var decision = Path.Combine(dir, DecisionFile.JsonName);
        if (doc.VvtvCommit != vvtvCommit)
            return $"run {doc.RunId} is evidence of another VVTV commit: {decision} proved '{doc.VvtvCommit}', " +
                   $"this run is about '{vvtvCommit}'";
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var oldest = doc.Items.Where(i => wanted.Contains(i.Id) && i.Status != ItemStatus.Skipped).MinBy(i => i.At);
        if (oldest is not null && now - oldest.At > maxAge)
            return $"run {doc.RunId} is too old: {decision} recorded {oldest.Id} at " +
                $"{DecisionFile.FormatTime(oldest.At)}, " +
                $"{Duration(now - oldest.At)} ago, older than the maximum evidence age of {Duration(maxAge)} " +
                $"(--max-evidence-age)";
        if (signers is { Configured: true } && signers.Verify(Path.Combine(dir,
            EvidenceChecksums.FileName)) is { Verified: false } bad)
            return $"run {doc.RunId} is not signed by an allowed signer ({signers.Path}): {dir}/{bad.Detail}";
        if (EvidenceChecksums.Problem(dir) is { } tampered)
            return $"run {doc.RunId} was tampered with: {dir}/{tampered}";
        return RecordProblem(dir,
            doc) is { } forged ? $"run {doc.RunId} was not written by this build: {decision}: {forged}" : null;
    }

    /// <summary>
    /// Loads the run's decision.json and checks it as <see cref="Refusal(string, DecisionDocument, IEnumerable{string},
    /// string, DateTimeOffset, TimeSpan, AllowedSigners?)"/> does for every item; an unreadable decision is a refusal
    /// too.
    /// </summary>
    public static string? Refusal(string runDir, string vvtvCommit, DateTimeOffset now, TimeSpan maxAge,
        AllowedSigners? signers = null)
    {
        var file = Path.Combine(runDir, DecisionFile.JsonName);
        DecisionDocument doc;
        try { doc = DecisionFile.Load(file); }
        catch (DecisionFormatException e) { return $"run " +
            $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(runDir))} is unreadable: {e.Message}"; }
        return Refusal(runDir, doc, ChecklistItems.All.Select(i => i.Id), vvtvCommit, now, maxAge, signers);
    }

    /// <summary>A duration as people write it: 7d, 36h, 1d 2h 5m.</summary>
    public static string Duration(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0) parts.Add(span.Days.ToString(CultureInfo.InvariantCulture) + "d");
        if (span.Hours > 0) parts.Add(span.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        if (span.Minutes > 0 || parts.Count == 0) parts.Add(span.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        return string.Join(" ", parts);
    }

    // The records as this build writes them (the statuses themselves were checked when decision.json was read).
    // Every item, not only the adopted ones: one record the build did not write makes the whole run untrustworthy.
    private static string? RecordProblem(string runDir, DecisionDocument doc)
    {
        foreach (var item in doc.Items)
        {
            var listed = ChecklistItems.Get(item.Id);
            if (item.Section != listed.Section || item.Text != listed.Text || item.Optional != listed.Optional)
                return $"{item.Id} does not carry its checklist section, text and optional flag";
        }
        if (doc.Go && doc.Items.FirstOrDefault(i => !i.Optional && i.Status != ItemStatus.Pass) is { } open)
            return $"the decision is GO but {open.Id} is {open.Status}";
        if (doc.Go != (doc.Reasons.Count == 0))
            return doc.Go ? "the decision is GO but it gives reasons against it"
                : "the decision is NO-GO without a reason";
        var sums = Publishing.ChecksumFile.Parse(
            EarlierRunFile.ReadText(Path.Combine(runDir, EvidenceChecksums.FileName)));
        foreach (var item in doc.Items.Where(i => i.Status == ItemStatus.Pass))
        {
            var derived = item.Target == GoNoGo.DerivedTarget;
            if (item.Target.Length == 0 || (derived
                && ChecklistItems.Get(item.Id).Section != ChecklistItems.Sections.GoNoGo))
                return $"{item.Id} is Pass without a target of this build that proved it ('{item.Target}')";
            if (!derived && item.Evidence.Count == 0)
                return $"{item.Id} is Pass but names no evidence file (reason: '{item.Reason}')";
            if (item.Evidence.FirstOrDefault(e => !sums.ContainsKey(e)) is { } loose)
                return $"{item.Id} is Pass with evidence '{loose}', which is missing or not covered by " +
                    $"{EvidenceChecksums.FileName}";
        }
        return null;
    }
}
