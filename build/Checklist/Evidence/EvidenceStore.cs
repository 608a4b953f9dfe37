using System.Text;
using System.Text.Json;
using Publishing;

namespace Checklist;

/// <summary>
/// The evidence of one run under artifacts/runs/&lt;run-id&gt;/: evidence files per target, item records, No-Go
/// findings and the decision. Thread-safe, because targets may record while others run.
/// </summary>
public sealed class EvidenceStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ItemRecord> _records = new(StringComparer.Ordinal);
    private readonly List<NoGoFinding> _findings = [];
    private readonly List<LiveChange> _changes = [];
    private readonly List<string> _secrets = [];
    private readonly TimeProvider _clock;
    private SshSigner? _signer;

    private EvidenceStore(string runDir, string runId, string workspaceRoot, string vvtvCommit,
        DateTimeOffset startedAt, TimeProvider clock, int attempt = 1)
    {
        RunDir = runDir;
        RunId = runId;
        WorkspaceRoot = workspaceRoot;
        VvtvCommit = vvtvCommit;
        StartedAt = startedAt;
        _clock = clock;
        Attempt = attempt;
        Workspace = WorkspaceIdentity.InstanceOf(workspaceRoot);
    }

    /// <summary>This build's attempt of the run: 1 when created, +1 per reopen.</summary>
    public int Attempt { get; }

    /// <summary>Which workspace this build drives (<see cref="WorkspaceIdentity.InstanceOf"/>).</summary>
    public string Workspace { get; }

    /// <summary>Absolute path of artifacts/runs/&lt;run-id&gt;.</summary>
    public string RunDir { get; }

    /// <summary>The sortable, unique run id.</summary>
    public string RunId { get; }

    /// <summary>Absolute path of the VVTV workspace the run is about.</summary>
    public string WorkspaceRoot { get; }

    /// <summary>The workspace identity (see WorkspaceIdentity), never a path.</summary>
    public string VvtvCommit { get; }

    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The current time on the store's clock (UTC).</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Creates a fresh run folder under &lt;artifactsRoot&gt;/runs.</summary>
    public static EvidenceStore Create(string artifactsRoot, string workspaceRoot, string vvtvCommit,
        TimeProvider? clock = null) =>
        Create(artifactsRoot, _ => workspaceRoot, vvtvCommit, clock);

    /// <summary>
    /// Creates a fresh run folder under &lt;artifactsRoot&gt;/runs for a workspace that may live inside it
    /// (<paramref name="workspaceOf"/> gets the new run dir and returns the workspace root), and records the run's
    /// identity in run.json.
    /// </summary>
    public static EvidenceStore Create(string artifactsRoot, Func<string, string> workspaceOf, string vvtvCommit,
        TimeProvider? clock = null)
    {
        if (string.IsNullOrWhiteSpace(vvtvCommit)) throw new ArgumentException("the VVTV commit identity is empty",
            nameof(vvtvCommit));
        clock ??= TimeProvider.System;
        var started = clock.GetUtcNow();
        var runsDir = Path.Combine(Path.GetFullPath(artifactsRoot), "runs");
        Directory.CreateDirectory(runsDir);
        while (true)
        {
            var id = Checklist.RunId.New(started);
            var dir = Path.Combine(runsDir, id);
            if (Directory.Exists(dir)) continue;
            Directory.CreateDirectory(Path.Combine(dir, "evidence"));
            var store = new EvidenceStore(dir, id, Path.GetFullPath(workspaceOf(dir)), vvtvCommit, started, clock);
            RunIdentity.Write(dir, new RunIdentity(id, store.WorkspaceRoot, vvtvCommit, started));
            return store;
        }
    }

    /// <summary>
    /// Reopens an earlier attempt's run folder (engine --continue): same run id, workspace and start time; the records
    /// and No-Go findings its last decision held are restored, so targets that are not run again keep their evidence.
    /// <paramref name="workspaceRoot"/> moves the run to another checkout of the same commit (the next CI job's).
    /// </summary>
    public static EvidenceStore Reopen(string runDir, TimeProvider? clock = null, string? workspaceRoot = null)
    {
        var full = Path.GetFullPath(runDir);
        var identity = RunIdentity.Read(full);
        var store = new EvidenceStore(full, identity.RunId, workspaceRoot ?? identity.WorkspaceRoot,
            identity.VvtvCommit, identity.StartedAt, clock ?? TimeProvider.System, identity.Attempt + 1);
        RunIdentity.Write(full, identity with { Attempt = store.Attempt });
        var decision = Path.Combine(full, DecisionFile.JsonName);
        if (File.Exists(decision))
            foreach (var i in DecisionFile.Load(decision).Items)
                if (i.Target.Length > 0 && i.Target != GoNoGo.DerivedTarget)
                    store._records[i.Id] = new ItemRecord(i.Id, i.Status, i.Reason, i.Evidence, i.Target, i.At)
                        { Run = i.Run, Workspace = i.Workspace, Attempt = i.Attempt };
        store._findings.AddRange(FindingsFile.Read(full));
        store._changes.AddRange(LiveChangesFile.Read(full));
        return store;
    }

    /// <summary>
    /// Signs SHA256SUMS at every <see cref="Finish"/> from now on with <paramref name="signer"/>; null leaves the run
    /// unsigned, and decision.md, decision.json and any report built from it say so.
    /// </summary>
    public void SignWith(SshSigner? signer)
    {
        lock (_gate) _signer = signer;
    }

    /// <summary>Drops the records and findings a target made in an earlier attempt, before it runs again.</summary>
    public void Forget(string target)
    {
        lock (_gate)
        {
            foreach (var id in _records.Where(r => r.Value.Target == target).Select(r => r.Key)
                .ToList()) _records.Remove(id);
            _findings.RemoveAll(f => f.Target == target);
        }
    }

    /// <summary>Registers secret values that must be masked in every text this store writes.</summary>
    public void AddSecrets(params string?[] secrets)
    {
        lock (_gate)
            _secrets.AddRange(secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4)!.Cast<string>());
    }

    /// <summary>Absolute evidence folder of a target, created on demand.</summary>
    public string EvidenceDir(string target)
    {
        if (!IsPlainName(target)) throw new ArgumentException($"target name '{target}' must be a plain folder name",
            nameof(target));
        var dir = Path.Combine(RunDir, "evidence", target);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Copies a file the workspace produced into evidence/&lt;target&gt;/ and returns its path relative to the run dir.
    /// </summary>
    public string CopyFromWorkspace(string target, string workspacePath, string? name = null)
    {
        var source = InsideOrThrow(WorkspaceRoot,
            Path.IsPathRooted(workspacePath) ? workspacePath : Path.Combine(WorkspaceRoot, workspacePath), "workspace");
        if (!File.Exists(source)) throw new FileNotFoundException(
            $"evidence source '{workspacePath}' does not exist in the workspace", source);
        // A symlink inside the workspace could still point anywhere; check the final target too.
        var resolved = new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        if (resolved is not null) InsideOrThrow(WorkspaceRoot, resolved, "workspace");
        var destination = Destination(target, name ?? Path.GetFileName(source));
        // By type and size first: a FIFO or device the workspace left there would block the read for good.
        EarlierRunFile.CheckEvidence(source);
        var bytes = File.ReadAllBytes(source);
        var text = TryUtf8(bytes);
        if (text is not null && ContainsSecret(text))
            AtomicFile.WriteAllText(destination, Redact(text));
        else
            File.WriteAllBytes(destination, bytes);
        return Relative(destination);
    }

    /// <summary>
    /// Writes measured text (secrets masked) into evidence/&lt;target&gt;/&lt;name&gt; and returns the run-relative
    /// path.
    /// </summary>
    public string WriteText(string target, string name, string text)
    {
        var destination = Destination(target, name);
        AtomicFile.WriteAllText(destination, Redact(text));
        return Relative(destination);
    }

    /// <summary>
    /// Writes a value as indented JSON into evidence/&lt;target&gt;/&lt;name&gt; and returns the run-relative path.
    /// </summary>
    public string WriteJson<T>(string target, string name, T value) =>
        WriteText(target, name, JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true }) +
            "\n");

    /// <summary>
    /// Records an item result; a later record of the same item replaces the earlier one. Evidence paths must exist
    /// inside the run dir.
    /// </summary>
    public ItemRecord Record(string id, ItemStatus status, string reason, string target, params string[] evidence)
    {
        ChecklistItems.Get(id);
        foreach (var e in evidence)
        {
            var full = InsideOrThrow(RunDir, Path.Combine(RunDir, e), "run");
            if (Path.IsPathRooted(e) || !File.Exists(full))
                throw new ArgumentException(
                    $"evidence '{e}' for {id} must be an existing file path relative to the run dir", nameof(evidence));
        }
        var record = new ItemRecord(id, status, Redact(reason), evidence.ToList(), target, _clock.GetUtcNow())
            { Run = RunId, Workspace = Workspace, Attempt = Attempt };
        lock (_gate) _records[id] = record;
        return record;
    }

    /// <summary>
    /// Adopts item results from an earlier run (another process or CI job) of the same VVTV commit: evidence files are
    /// copied under evidence/adopted/&lt;run-id&gt;/ and the records keep their status, target and time. Foreign
    /// evidence is refused; Skipped items are not adopted.
    /// </summary>
    public IReadOnlyList<ItemRecord> Adopt(string otherRunDir, params string[] ids)
    {
        var doc = DecisionFile.Load(Path.Combine(otherRunDir, DecisionFile.JsonName));
        if (doc.VvtvCommit != VvtvCommit)
            throw new InvalidOperationException(
                $"run {doc.RunId} proved VVTV commit '{doc.VvtvCommit}', not '{VvtvCommit}'; its evidence cannot be " +
                $"adopted");
        var adopted = new List<ItemRecord>();
        foreach (var id in ids)
        {
            ChecklistItems.Get(id);
            var item = doc.Items.Single(i => i.Id == id);
            if (item.Status == ItemStatus.Skipped) continue;
            var evidence = new List<string>();
            foreach (var e in item.Evidence)
            {
                var source = InsideOrThrow(otherRunDir, Path.Combine(otherRunDir, e), $"run {doc.RunId}");
                if (!File.Exists(source)) throw new FileNotFoundException(
                    $"run {doc.RunId} lists evidence '{e}' for {id} but the file is missing", source);
                // By type and size first: copying a FIFO would block for good.
                EarlierRunFile.CheckEvidence(source);
                var destination = InsideOrThrow(RunDir, Path.Combine(RunDir, "evidence", "adopted", doc.RunId, e),
                    "run");
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(source, destination, overwrite: true);
                evidence.Add(Relative(destination));
            }
            // The origin stays named: the run, workspace and attempt that proved it, never this run's.
            var record = new ItemRecord(id, item.Status, $"adopted from run {doc.RunId}: {item.Reason}", evidence,
                item.Target, item.At) { Run = item.Run, Workspace = item.Workspace, Attempt = item.Attempt };
            lock (_gate) _records[id] = record;
            adopted.Add(record);
        }
        AdoptLiveChanges(otherRunDir, doc.RunId, adopted.Select(r => r.Target).ToHashSet(StringComparer.Ordinal));
        return adopted;
    }

    // What the adopted targets changed on the live workspace was changed by this release too.
    private void AdoptLiveChanges(string otherRunDir, string otherRunId, HashSet<string> targets)
    {
        var theirs = LiveChangesFile.Read(otherRunDir).Where(c => targets.Contains(c.Target))
            .Select(c => c with { Step = $"{c.Step} (run {otherRunId})" }).ToList();
        if (theirs.Count == 0) return;
        lock (_gate)
        {
            _changes.AddRange(theirs.Where(c => !_changes.Contains(c)));
            LiveChangesFile.Write(RunDir, _changes);
        }
    }

    /// <summary>
    /// Records that <paramref name="step"/> of <paramref name="target"/> changed the live workspace, and what; kept in
    /// live-changes.json at once (the change is made whatever happens to the run next). Never forgotten by a retry.
    /// </summary>
    public LiveChange RecordLiveChange(string step, string changed, string target)
    {
        var change = new LiveChange(step, Redact(changed), target, _clock.GetUtcNow());
        lock (_gate)
        {
            _changes.Add(change);
            LiveChangesFile.Write(RunDir, _changes);
        }
        return change;
    }

    /// <summary>The live workspace's changes in the order made.</summary>
    public IReadOnlyList<LiveChange> LiveChanges
    {
        get { lock (_gate) return _changes.ToList(); }
    }

    /// <summary>Raises a No-Go finding.</summary>
    public NoGoFinding RaiseNoGo(NoGoCause cause, string message, string target)
    {
        var finding = new NoGoFinding(cause, Redact(message), target, _clock.GetUtcNow());
        lock (_gate) _findings.Add(finding);
        return finding;
    }

    /// <summary>Current records in checklist order.</summary>
    public IReadOnlyList<ItemRecord> Records
    {
        get { lock (_gate) return ChecklistItems.All.Where(i => _records.ContainsKey(i.Id)).Select(i => _records[i.Id])
            .ToList(); }
    }

    /// <summary>Findings in the order raised.</summary>
    public IReadOnlyList<NoGoFinding> Findings
    {
        get { lock (_gate) return _findings.ToList(); }
    }

    /// <summary>
    /// Decides GO/NO-GO from what was recorded and writes decision.json and decision.md atomically, then SHA256SUMS
    /// over the run's files, so a run that adopts this evidence later can refuse it if anything was changed.
    /// </summary>
    public DecisionDocument Finish()
    {
        var now = _clock.GetUtcNow();
        var decision = GoNoGo.Decide(Records, Findings, now);
        SshSigner? signer;
        lock (_gate) signer = _signer;
        var doc = DecisionFile.Build(decision, RunId, WorkspaceRoot, VvtvCommit, StartedAt, now, Attempt,
            Workspace) with
        {
            Signature = signer is null ? DecisionDocument.Unsigned
                : $"{EvidenceChecksums.SignatureName} by {signer.Fingerprint}",
            LiveChanges = LiveChanges,
        };
        DecisionFile.Write(RunDir, doc);
        FindingsFile.Write(RunDir, Findings);
        EvidenceChecksums.Write(RunDir, signer);
        return doc;
    }

    private string Destination(string target, string name)
    {
        var dir = EvidenceDir(target);
        var full = InsideOrThrow(dir, Path.Combine(dir, name), $"evidence/{target}");
        if (full == dir) throw new ArgumentException($"evidence name '{name}' names the folder itself", nameof(name));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    private string Relative(string full) => Path.GetRelativePath(RunDir, full).Replace('\\', '/');

    private static string InsideOrThrow(string root, string path, string what)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(path);
        if (full != fullRoot && !full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"path '{path}' escapes the {what} folder {fullRoot}");
        return full;
    }

    private bool ContainsSecret(string text)
    {
        lock (_gate) return _secrets.Any(s => text.Contains(s, StringComparison.Ordinal));
    }

    private string Redact(string text)
    {
        lock (_gate)
            foreach (var s in _secrets) text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }

    private static string? TryUtf8(byte[] bytes)
    {
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;
}
