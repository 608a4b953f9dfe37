using Checklist;
using Engine;
using Publishing;
using Serilog;

/// <summary>
/// Where each checklist section's evidence comes from. A section whose target ran in this process is proved by this
/// run; otherwise by the newest earlier run of the same VVTV commit in which that target ran (passing or not: a newer
/// failure is never hidden behind an older pass). Earlier runs are those in artifacts/runs (where CI's download step
/// leaves them),
/// or only those of --evidence-from when it is given; with it, a gate whose fresh pass is there is not run again but
/// adopted.
/// Evidence of another commit, older than the maximum age, or changed since its run finished (SHA256SUMS) is refused,
/// and the refusal names the run and the file. Adopted records go into this run's store, so the decision reads the
/// store alone.
/// </summary>
public sealed class EvidenceSources
{
    /// <summary>How old adopted evidence may be when --max-evidence-age is not given.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);

    // EvidenceStore.Adopt prefixes adopted reasons with this; such records are copies, never the origin of a section.
    private const string AdoptedPrefix = "adopted from run ";

    // Null in a preview (--plan), which records nothing.
    private readonly EvidenceStore? _store;
    private readonly EvidenceRun? _thisRun;
    private readonly string _vvtvCommit;
    private readonly string? _ownRunId;
    private readonly Func<DateTimeOffset> _now;
    private readonly Func<string, bool> _provedHere;
    private readonly string _where;
    private readonly bool _imported;
    private readonly TimeSpan _maxAge;
    private readonly AllowedSigners? _signers;
    private readonly Lazy<IReadOnlyList<(EvidenceRun Run, DecisionDocument Doc)>> _earlier;
    private readonly Dictionary<string, string?> _refusals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (EvidenceRun Run, DecisionDocument Doc)> _adopted = new(StringComparer.Ordinal);

    private EvidenceSources(EvidenceStore store, string where, bool imported, TimeSpan maxAge,
        AllowedSigners? signers, Func<IEnumerable<string>> runDirs)
        : this(store.VvtvCommit, store.RunId, () => store.Now,
            target => store.Records.Any(r => ProvedBy(target, r.Target, r.Status, r.Reason)), where, imported, maxAge,
            signers, runDirs)
    {
        _store = store;
        _thisRun = new EvidenceRun(store.RunId, store.RunDir, RunFacts.Millis(store.StartedAt));
    }

    private EvidenceSources(string vvtvCommit, string? ownRunId, Func<DateTimeOffset> now,
        Func<string, bool> provedHere, string where, bool imported, TimeSpan maxAge, AllowedSigners? signers,
        Func<IEnumerable<string>> runDirs)
    {
        _vvtvCommit = vvtvCommit;
        _ownRunId = ownRunId;
        _now = now;
        _provedHere = provedHere;
        _where = where;
        _imported = imported;
        _maxAge = maxAge;
        _signers = signers;
        _earlier = new(() => Load(runDirs()).ToList());
    }

    /// <summary>
    /// The sources of a run: the runs of <paramref name="from"/> (--evidence-from) when given, else artifacts/runs.
    /// </summary>
    public static EvidenceSources For(EvidenceStore store, string artifactsDirectory, string? from, TimeSpan maxAge,
        AllowedSigners? signers = null) =>
        from is null
            ? Scan(store, artifactsDirectory, maxAge, signers)
            : Import(store, from, artifactsDirectory, maxAge, signers);

    /// <summary>
    /// The sources as <see cref="For"/> would see them, for --plan: reads the earlier runs, records nothing.
    /// <paramref name="earlierAttempt"/> is the run this one would reopen (--continue, --release-run), if any: its
    /// own records are kept, not replaced by adopted ones.
    /// </summary>
    public static EvidenceSources Preview(string vvtvCommit, string? earlierAttempt, string artifactsDirectory,
        string? from, TimeSpan maxAge, AllowedSigners? signers = null, TimeProvider? clock = null)
    {
        var file = earlierAttempt is null ? null : Path.Combine(earlierAttempt, DecisionFile.JsonName);
        var attempt = file is not null && File.Exists(file) ? DecisionFile.Load(file) : null;
        if (attempt?.VvtvCommit != vvtvCommit) attempt = null;
        var (where, imported, runDirs) = Folders(artifactsDirectory, from);
        return new EvidenceSources(vvtvCommit, attempt?.RunId, () => (clock ?? TimeProvider.System).GetUtcNow(),
            target => attempt?.Items.Any(i => ProvedBy(target, i.Target, i.Status, i.Reason)) ?? false, where,
            imported, maxAge, signers, runDirs);
    }

    /// <summary>
    /// Earlier runs of the same VVTV commit in &lt;artifacts&gt;/runs; runs of other commits are other releases and
    /// passed over.
    /// </summary>
    public static EvidenceSources Scan(EvidenceStore store, string artifactsDirectory, TimeSpan maxAge,
        AllowedSigners? signers = null)
    {
        var (where, imported, runDirs) = Folders(artifactsDirectory, null);
        return new EvidenceSources(store, where, imported, maxAge, signers, runDirs);
    }

    /// <summary>
    /// The runs of <paramref name="from"/>: a run id in &lt;artifacts&gt;/runs, a run folder, a folder of run folders,
    /// or an artifacts folder holding runs/. Every run there is meant for this release, so one of another commit is
    /// refused, not passed over.
    /// </summary>
    public static EvidenceSources Import(EvidenceStore store, string from, string artifactsDirectory, TimeSpan maxAge,
        AllowedSigners? signers = null)
    {
        var (where, imported, runDirs) = Folders(artifactsDirectory, from);
        return new EvidenceSources(store, where, imported, maxAge, signers, runDirs);
    }

    // Where earlier runs are looked for: artifacts/runs, or the runs of --evidence-from (checked now).
    private static (string Where, bool Imported, Func<IEnumerable<string>> RunDirs) Folders(
        string artifactsDirectory, string? from)
    {
        if (from is null)
        {
            var runs = Path.Combine(artifactsDirectory, "runs");
            return (runs, false, () => Directory.Exists(runs)
                ? Directory.GetDirectories(runs).Where(d => RunId.IsValid(Path.GetFileName(d)))
                : []);
        }
        BuildAssert.True(!string.IsNullOrWhiteSpace(from),
            "--evidence-from is empty: give a run id of artifacts/runs, a run folder or a folder of runs");
        var dirs = ImportedRunDirs(from, artifactsDirectory);
        return ($"--evidence-from {from}", true, () => dirs);
    }

    /// <summary>
    /// With --evidence-from: when its newest run that ran <paramref name="target"/> passed it, is of this commit, fresh
    /// and unchanged, adopts that section and returns true (the target need not run). Otherwise says why in the log and
    /// returns false.
    /// </summary>
    public bool AdoptsPass(string target)
    {
        if (!_imported) return false;
        var section = GateSections.Targets.Single(t => t.Value == target).Key;
        if (_adopted.ContainsKey(section)) return true;
        var origin = Newest(section);
        if (origin.Doc is null)
        {
            Log.Information("{Target} runs: no run of {Where:l} ran it", target, _where);
            return false;
        }
        if (Refusal(origin, section) is { } refusal)
        {
            Log.Warning("{Target} runs: the evidence of {Where:l} is refused: {Refusal:l}", target, _where, refusal);
            return false;
        }
        if (!Passed(origin.Doc, section, target))
        {
            Log.Information("{Target} runs again: run {RunId:l} ran it without passing", target, origin.Run.RunId);
            return false;
        }
        AdoptSection(origin, section, target);
        return true;
    }

    /// <summary>
    /// For --plan, recording nothing: per gate target, the run whose evidence <see cref="AdoptsPass"/> (for a target
    /// in <paramref name="running"/>) or <see cref="AdoptSkipped"/> (for one not in it, when the Release target runs)
    /// would adopt, or why none would be.
    /// </summary>
    public IReadOnlyDictionary<string, string> Preview(IReadOnlySet<string> running)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var releases = running.Contains(GateSections.ReleaseTarget);
        foreach (var (section, target) in GateSections.Targets)
        {
            var origin = Newest(section);
            var refusal = origin.Doc is null ? null : Refusal(origin, section);
            if (running.Contains(target))
            {
                if (!_imported) continue;
                notes[target] = origin.Doc is null ? $"runs: no run of {_where} ran it"
                    : refusal is not null ? $"runs: the evidence of {_where} is refused: {refusal}"
                    : !Passed(origin.Doc, section, target)
                        ? $"runs again: run {origin.Run.RunId} ran it without passing"
                    : $"not run: adopts its pass from run {origin.Run.RunId} ({origin.Doc.Decision}) of {_where}";
            }
            else if (!releases) continue;
            else if (ProvedHere(target))
                notes[target] = $"keeps its own records from run {_ownRunId} (the attempt this one continues)";
            else
                notes[target] = refusal is null && origin.Doc is not null
                    ? $"adopts the evidence of run {origin.Run.RunId} ({origin.Doc.Decision}) of {_where}"
                    : $"adopts nothing: {NotAdopted(refusal)}; its items are recorded as skipped";
        }
        return notes;
    }

    // Why a skipped section adopts nothing: no earlier run ran its target, or the newest one's evidence is refused.
    private string NotAdopted(string? refusal) =>
        refusal is not null ? $"the evidence of {_where} is refused: {refusal}"
        : _imported ? $"no run of {_where} ran it"
        : $"no earlier run of VVTV {_vvtvCommit} in artifacts/runs ran it";

    /// <summary>
    /// Adopts evidence for every section whose target is not in <paramref name="ranHere"/>, was not adopted already and
    /// was not proved by this run itself in an earlier attempt (--continue, --release-run): those keep their own
    /// records.
    /// </summary>
    public EvidenceSources AdoptSkipped(IReadOnlySet<string> ranHere)
    {
        foreach (var (section, target) in GateSections.Targets)
        {
            if (ranHere.Contains(target) || _adopted.ContainsKey(section) || ProvedHere(target)) continue;
            var origin = Newest(section);
            var refusal = origin.Doc is null ? null : Refusal(origin, section);
            if (origin.Doc is null || refusal is not null)
            {
                var why = NotAdopted(refusal);
                foreach (var id in GateSections.ItemsOf(section))
                    _store!.Record(id, ItemStatus.Skipped, $"{target} was skipped and {why}", "Release");
                if (refusal is null) Log.Warning("{Target} was skipped and {Why:l}", target, why);
                else Log.Error("{Target} was skipped and {Why:l}", target, why);
                continue;
            }
            AdoptSection(origin, section, target);
        }
        return this;
    }

    /// <summary>
    /// Every item of the decision as the run that proved it recorded it; the live alert check and this run's own items
    /// as decided now.
    /// </summary>
    public IReadOnlyList<SourcedItem> Sourced(Decision decision) => decision.Items.Select(record =>
    {
        var item = ChecklistItems.Get(record.Id);
        var adopted = _adopted.FirstOrDefault(a => GateSections.DecidedWith(a.Key).Contains(item.Id));
        if (adopted.Value.Doc is { } doc)
        {
            var origin = doc.Items.Single(i => i.Id == item.Id);
            return new SourcedItem(origin.Id, origin.Status, origin.Reason, origin.Target, origin.Evidence, origin.At,
                adopted.Value.Run) { Workspace = origin.Workspace, Attempt = origin.Attempt };
        }
        var run = record.Id == GateSections.LiveAlertItem ? null : _thisRun;
        return new SourcedItem(record.Id, record.Status, record.Reason, record.Target, record.Evidence, record.At, run)
        {
            Workspace = record.Workspace.Length > 0 ? record.Workspace : _store?.Workspace ?? "",
            Attempt = record.Attempt > 0 ? record.Attempt : _store?.Attempt ?? 1,
        };
    }).ToList();

    // This run (or the earlier attempt it reopens) holds records of the target that it made itself (not copies,
    // not "skipped" placeholders).
    private bool ProvedHere(string target) => _provedHere(target);

    private static bool ProvedBy(string target, string recordTarget, ItemStatus status, string reason) =>
        recordTarget == target && status != ItemStatus.Skipped
        && !reason.StartsWith(AdoptedPrefix, StringComparison.Ordinal);

    private void AdoptSection((EvidenceRun Run, DecisionDocument Doc) origin, string section, string target)
    {
        var ids = GateSections.DecidedWith(section)
            .Where(id => origin.Doc.Items.Single(i => i.Id == id).Status != ItemStatus.Skipped).ToArray();
        _store!.Adopt(origin.Run.RunDir, ids);
        foreach (var reason in origin.Doc.Reasons.Where(r => r.StartsWith("No-Go (", StringComparison.Ordinal)
            && r.EndsWith($"[{target}]", StringComparison.Ordinal)))
            _store!.RaiseNoGo(NoGoCause.Other, $"run {origin.Run.RunId}: {reason}", "Release");
        _adopted[section] = origin;
        Log.Information("{Target} not run here: adopted its evidence from run {RunId:l} ({Decision:l}) of {Where:l}",
            target, origin.Run.RunId, origin.Doc.Decision, _where);
        // Never silently: decision.json names each item's workspace, and decision.md lists them when they differ.
        var theirs = origin.Doc.Items.Where(i => ids.Contains(i.Id)).Select(i => i.Workspace)
            .Where(w => w != _store!.Workspace).Distinct().ToList();
        if (theirs.Count > 0)
            Log.Warning("{Target}'s adopted evidence was proved in another workspace ({Theirs:l}), not in this run's " +
                        "{Ours:l}; decision.json names the workspace of every item", target,
                string.Join(", ", theirs), _store!.Workspace);
    }

    // The newest run that ran the section's target; never an older one behind it, so a newer failure or refusal is not
    // hidden.
    private (EvidenceRun Run, DecisionDocument Doc) Newest(string section) =>
        _earlier.Value.FirstOrDefault(r => Proves(r.Doc, section));

    private string? Refusal((EvidenceRun Run, DecisionDocument Doc) origin, string section)
    {
        var key = origin.Run.RunDir + "\n" + section;
        if (!_refusals.TryGetValue(key, out var refusal))
            _refusals[key] = refusal = EvidenceAdmission.Refusal(origin.Run.RunDir, origin.Doc,
                GateSections.ItemsOf(section), _vvtvCommit, _now(), _maxAge,
                _signers);
        return refusal;
    }

    private static bool Proves(DecisionDocument doc, string section) =>
        doc.Items.Any(i => i.Section == section && i.Status != ItemStatus.Skipped
            && !i.Reason.StartsWith(AdoptedPrefix, StringComparison.Ordinal));

    // Every required item of the section passed, none decided with it failed, and the run raised no No-Go finding in
    // that target.
    private static bool Passed(DecisionDocument doc, string section, string target) =>
        doc.Items.Where(i => i.Section == section && !i.Optional).All(i => i.Status is ItemStatus.Pass)
        && doc.Items.Where(i => GateSections.DecidedWith(section).Contains(i.Id)).All(i => i.Status != ItemStatus.Fail)
        && !doc.Reasons.Any(r => r.StartsWith("No-Go (", StringComparison.Ordinal)
            && r.EndsWith($"[{target}]", StringComparison.Ordinal));

    // Newest first; unreadable decisions are reported and passed over, never adopted. Scanning passes over other
    // commits.
    private IEnumerable<(EvidenceRun Run, DecisionDocument Doc)> Load(IEnumerable<string> runDirs)
    {
        foreach (var dir in runDirs.Where(d => Path.GetFileName(d) != _ownRunId)
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
            if (doc.RunId != Path.GetFileName(dir))
            {
                if (_imported) Log.Warning("Ignoring run {Dir:l}: its decision.json is of run {RunId:l}, " +
                    "not of its folder", dir, doc.RunId);
                continue;
            }
            if (!_imported && doc.VvtvCommit != _vvtvCommit) continue;
            yield return (new EvidenceRun(doc.RunId, dir, doc.StartedAt), doc);
        }
    }

    private static IReadOnlyList<string> ImportedRunDirs(string from, string artifactsDirectory)
    {
        var byId = Path.Combine(artifactsDirectory, "runs", from);
        if (RunId.IsValid(from))
        {
            BuildAssert.True(Directory.Exists(byId),
                $"--evidence-from {from}: there is no run {from} in {Path.Combine(artifactsDirectory, "runs")}");
            return [byId];
        }
        var full = Path.GetFullPath(from);
        BuildAssert.True(Directory.Exists(full),
            $"--evidence-from {from}: {full} is neither a folder nor the id of a run in " +
                $"{Path.Combine(artifactsDirectory, "runs")}");
        if (File.Exists(Path.Combine(full, DecisionFile.JsonName))) return [full];
        var folder = Directory.Exists(Path.Combine(full, "runs")) ? Path.Combine(full, "runs") : full;
        var runs = Directory.GetDirectories(folder)
            .Where(d => RunId.IsValid(Path.GetFileName(d)) && File.Exists(Path.Combine(d, DecisionFile.JsonName)))
                .ToList();
        BuildAssert.True(runs.Count > 0,
            $"--evidence-from {from}: {full} holds no finished run (a run folder with decision.json, or folders " +
                $"<run-id>/decision.json in it or in its runs/)");
        return runs;
    }
}
