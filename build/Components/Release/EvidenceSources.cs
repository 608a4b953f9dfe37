using Checklist;
using Serilog;

/// <summary>
/// Where each checklist section's evidence comes from. A section whose target ran in this process is proved by this run;
/// a skipped one by the newest earlier run of the same VVTV commit in which that target ran (passing or not: a newer failure is
/// never hidden behind an older pass). That run's records are adopted into this run's store, so the decision reads the store alone.
/// </summary>
public sealed class EvidenceSources
{
    // EvidenceStore.Adopt prefixes adopted reasons with this; such records are copies, never the origin of a section.
    private const string AdoptedPrefix = "adopted from run ";

    private readonly EvidenceStore _store;
    private readonly EvidenceRun _thisRun;
    private readonly Dictionary<string, (EvidenceRun Run, DecisionDocument Doc)> _adopted = new(StringComparer.Ordinal);

    private EvidenceSources(EvidenceStore store)
    {
        _store = store;
        _thisRun = new EvidenceRun(store.RunId, store.RunDir, RunFacts.Millis(store.StartedAt));
    }

    /// <summary>Adopts evidence for every section whose target is not in <paramref name="ranHere"/>.</summary>
    public static EvidenceSources Adopt(EvidenceStore store, string artifactsDirectory, IReadOnlySet<string> ranHere)
    {
        var sources = new EvidenceSources(store);
        var earlier = EarlierRuns(artifactsDirectory, store).ToList();
        foreach (var (section, target) in GateSections.Targets)
        {
            if (ranHere.Contains(target)) continue;
            var origin = earlier.FirstOrDefault(r => Proves(r.Doc, section));
            if (origin.Doc is null)
            {
                foreach (var id in GateSections.ItemsOf(section))
                    store.Record(id, ItemStatus.Skipped, $"{target} was skipped and no earlier run of VVTV {store.VvtvCommit} in artifacts/runs ran it", "Release");
                Log.Warning("{Target} was skipped and no earlier run of this VVTV commit has its evidence", target);
                continue;
            }
            var ids = GateSections.DecidedWith(section).Where(id => origin.Doc.Items.Single(i => i.Id == id).Status != ItemStatus.Skipped).ToArray();
            store.Adopt(origin.Run.RunDir, ids);
            foreach (var reason in origin.Doc.Reasons.Where(r => r.StartsWith("No-Go (", StringComparison.Ordinal) && r.EndsWith($"[{target}]", StringComparison.Ordinal)))
                store.RaiseNoGo(NoGoCause.Other, $"run {origin.Run.RunId}: {reason}", "Release");
            sources._adopted[section] = origin;
            Log.Information("{Target} skipped: adopted its evidence from run {RunId:l} ({Decision:l})", target, origin.Run.RunId, origin.Doc.Decision);
        }
        return sources;
    }

    /// <summary>Every item of the decision as the run that proved it recorded it; the live alert check and this run's own items as decided now.</summary>
    public IReadOnlyList<SourcedItem> Sourced(Decision decision) => decision.Items.Select(record =>
    {
        var item = ChecklistItems.Get(record.Id);
        var adopted = _adopted.FirstOrDefault(a => GateSections.DecidedWith(a.Key).Contains(item.Id));
        if (adopted.Value.Doc is { } doc)
        {
            var origin = doc.Items.Single(i => i.Id == item.Id);
            return new SourcedItem(origin.Id, origin.Status, origin.Reason, origin.Target, origin.Evidence, origin.At, adopted.Value.Run);
        }
        var run = record.Id == GateSections.LiveAlertItem ? null : _thisRun;
        return new SourcedItem(record.Id, record.Status, record.Reason, record.Target, record.Evidence, record.At, run);
    }).ToList();

    private static bool Proves(DecisionDocument doc, string section) =>
        doc.Items.Any(i => i.Section == section && i.Status != ItemStatus.Skipped && !i.Reason.StartsWith(AdoptedPrefix, StringComparison.Ordinal));

    // Newest first; unreadable decisions are reported and passed over, never adopted.
    private static IEnumerable<(EvidenceRun Run, DecisionDocument Doc)> EarlierRuns(string artifactsDirectory, EvidenceStore store)
    {
        var runs = Path.Combine(artifactsDirectory, "runs");
        if (!Directory.Exists(runs)) yield break;
        foreach (var dir in Directory.GetDirectories(runs).Where(d => RunId.IsValid(Path.GetFileName(d)) && Path.GetFileName(d) != store.RunId)
                     .OrderByDescending(Path.GetFileName, StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, DecisionFile.JsonName);
            if (!File.Exists(file)) continue;
            DecisionDocument doc;
            try { doc = DecisionFile.Load(file); }
            catch (DecisionFormatException e)
            {
                Log.Warning("Ignoring run {Dir:l}: {Problem:l}", dir, e.Message);
                continue;
            }
            if (doc.VvtvCommit != store.VvtvCommit || doc.RunId != Path.GetFileName(dir)) continue;
            yield return (new EvidenceRun(doc.RunId, dir, doc.StartedAt), doc);
        }
    }
}
