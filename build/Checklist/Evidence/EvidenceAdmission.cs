using System.Globalization;

namespace Checklist;

/// <summary>
/// Whether an earlier run's evidence may be adopted: it proves the same VVTV commit, its items were recorded less than the maximum
/// evidence age ago, and no file of the run changed since it finished (SHA256SUMS). Checked in that order, so evidence whose
/// recorded times were pushed back is refused as old and evidence whose times were moved forward is refused as modified.
/// </summary>
public static class EvidenceAdmission
{
    /// <summary>Null when the items <paramref name="ids"/> of the run may be adopted; otherwise why not, naming the run and the file.</summary>
    public static string? Refusal(string runDir, DecisionDocument doc, IEnumerable<string> ids, string vvtvCommit, DateTimeOffset now, TimeSpan maxAge)
    {
        var decision = Path.Combine(runDir, DecisionFile.JsonName);
        if (doc.VvtvCommit != vvtvCommit)
            return $"run {doc.RunId} is evidence of another VVTV commit: {decision} proved '{doc.VvtvCommit}', this run is about '{vvtvCommit}'";
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var oldest = doc.Items.Where(i => wanted.Contains(i.Id) && i.Status != ItemStatus.Skipped).MinBy(i => i.At);
        if (oldest is not null && now - oldest.At > maxAge)
            return $"run {doc.RunId} is too old: {decision} recorded {oldest.Id} at {DecisionFile.FormatTime(oldest.At)}, {Duration(now - oldest.At)} ago, " +
                   $"older than the maximum evidence age of {Duration(maxAge)} (--max-evidence-age)";
        return EvidenceChecksums.Problem(runDir) is { } tampered ? $"run {doc.RunId} was tampered with: {Path.TrimEndingDirectorySeparator(runDir)}/{tampered}" : null;
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
}
