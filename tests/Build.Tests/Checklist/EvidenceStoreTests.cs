using Build.Tests.Vvtv;
using Checklist;

namespace Build.Tests.Checklist;

public sealed class EvidenceStoreTests
{
    [Test]
    public void Decision_json_round_trips_with_every_item()
    {
        using var dir = new ScratchDir();
        var workspace = Path.Combine(dir.Path, "ws");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(workspace, "runtime")).FullName,
            "summary.txt"), "verdict=PASS\n");
        var store = EvidenceStore.Create(Path.Combine(dir.Path, "artifacts"), workspace, "abc123");
        Assert.That(RunId.IsValid(store.RunId), Is.True, store.RunId);
        var copied = store.CopyFromWorkspace("Soak", "runtime/summary.txt");
        var measured = store.WriteJson("Soak", "measured.json", new { samples = 3 });
        store.Record("soak.verdict", ItemStatus.Fail, "first", "Soak");
        store.Record("soak.verdict", ItemStatus.Pass, "verdict=PASS, 3 samples", "Soak", copied, measured);
        var doc = store.Finish();

        var loaded = DecisionFile.Load(Path.Combine(store.RunDir, "decision.json"));
        Assert.That(loaded.Items, Has.Count.EqualTo(ChecklistItems.All.Count));
        var soak = loaded.Items.Single(i => i.Id == "soak.verdict");
        Assert.That((soak.Status, soak.Reason, soak.Target), Is.EqualTo((ItemStatus.Pass, "verdict=PASS, 3 samples",
            "Soak")));
        Assert.That(soak.Evidence, Is.EqualTo(new[] { "evidence/Soak/summary.txt", "evidence/Soak/measured.json" }));
        Assert.That(loaded.Items.Single(i => i.Id == "golive.gate").Reason, Is.EqualTo("not run in this build"));
        Assert.That((loaded.Decision, loaded.RunId, loaded.VvtvCommit), Is.EqualTo(("NO-GO", store.RunId, "abc123")));
        Assert.That(loaded.Reasons, Is.EqualTo(doc.Reasons));
        Assert.That(File.ReadAllText(Path.Combine(store.RunDir, "decision.json")),
            Does.Contain("\"status\": \"Skipped\"").And.Contain("\"optional\": true"));
        var md = File.ReadAllText(Path.Combine(store.RunDir, "decision.md"));
        Assert.That(md,
            Does.StartWith("# Release decision: NO-GO").And.Contain("## Soak run").And.Contain(
                "- [x] **soak.verdict**").And.Contain("- [ ] **golive.gate**"));
        Assert.That(Directory.GetFiles(store.RunDir, "*.tmp"), Is.Empty);
    }

    [Test]
    public void Paths_escaping_workspace_or_run_dir_are_refused()
    {
        using var dir = new ScratchDir();
        var workspace = Directory.CreateDirectory(Path.Combine(dir.Path, "ws")).FullName;
        var outside = dir.Write("secret.txt", "x");
        File.CreateSymbolicLink(Path.Combine(workspace, "link.txt"), outside);
        var store = EvidenceStore.Create(Path.Combine(dir.Path, "artifacts"), workspace, "abc");
        Assert.That(() => store.CopyFromWorkspace("T", "../secret.txt"),
            Throws.ArgumentException.With.Message.Contains("escapes the workspace"));
        Assert.That(() => store.CopyFromWorkspace("T", outside), Throws.ArgumentException);
        Assert.That(() => store.CopyFromWorkspace("T", "link.txt"),
            Throws.ArgumentException.With.Message.Contains("escapes the workspace"));
        Assert.That(() => store.WriteText("T", "../../x.txt", "x"), Throws.ArgumentException);
        Assert.That(() => store.WriteText("../T", "x.txt", "x"), Throws.ArgumentException);
        Assert.That(() => store.Record("soak.run", ItemStatus.Pass, "r", "T", "../../secret.txt"),
            Throws.ArgumentException);
        Assert.That(() => store.Record("soak.run", ItemStatus.Pass, "r", "T", "evidence/T/none.txt"),
            Throws.ArgumentException);
    }

    [Test]
    public void Secrets_are_masked_in_written_and_copied_evidence()
    {
        using var dir = new ScratchDir();
        var workspace = Directory.CreateDirectory(Path.Combine(dir.Path, "ws")).FullName;
        File.WriteAllText(Path.Combine(workspace, "env.log"), "VVTV_CONTROL_SECRET=hunter2-very-secret\n");
        var store = EvidenceStore.Create(Path.Combine(dir.Path, "artifacts"), workspace, "abc");
        store.AddSecrets("hunter2-very-secret");
        var a = store.CopyFromWorkspace("S", "env.log");
        var b = store.WriteText("S", "note.txt", "used hunter2-very-secret");
        store.Record("security.non-dev-secrets", ItemStatus.Pass, "secret hunter2-very-secret is not dev", "S", a, b);
        store.Finish();
        foreach (var f in Directory.GetFiles(store.RunDir, "*", SearchOption.AllDirectories))
            Assert.That(File.ReadAllText(f), Does.Not.Contain("hunter2-very-secret"), f);
    }

    [Test]
    public void Newest_run_for_a_commit_is_found_and_malformed_files_are_clear_errors()
    {
        using var dir = new ScratchDir();
        var artifacts = Path.Combine(dir.Path, "artifacts");
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var first = EvidenceStore.Create(artifacts, dir.Path, "c1", clock);
        first.Finish();
        clock.Now = clock.Now.AddMinutes(5);
        var second = EvidenceStore.Create(artifacts, dir.Path, "c1", clock);
        second.Finish();
        EvidenceStore.Create(artifacts, dir.Path, "c1", clock.Advance()); // crashed run: no decision.json, ignored
        var other = EvidenceStore.Create(artifacts, dir.Path, "c2", clock.Advance());
        other.Finish();

        Assert.That(DecisionFile.FindNewest(artifacts, "c1")!.Value.Document.RunId, Is.EqualTo(second.RunId));
        Assert.That(DecisionFile.FindNewest(artifacts, "c3"), Is.Null);

        var path = Path.Combine(other.RunDir, "decision.json");
        var good = File.ReadAllText(path);
        foreach (var (bad, expected) in new[]
                 {
                     (good.Replace("\"decision\": \"NO-GO\"", "\"decision\": \"MAYBE\""), "MAYBE"),
                     (good.Replace("\"id\": \"soak.run\"", "\"id\": \"soak.walk\""), "soak.walk"),
                     (good.Replace("\"status\": \"Skipped\"", "\"status\": \"skipped\""), "status"),
                     (good[..(good.Length / 2)], "malformed JSON"),
                     ("", "empty input"),
                     (good.Replace("\"optional\": false", "\"optional\": \"no\""), "optional"),
                 })
        {
            File.WriteAllText(path, bad);
            Assert.That(() => DecisionFile.Load(path),
                Throws.InstanceOf<DecisionFormatException>()
                .With.Message.Contains(path).And.Message.Contains(expected));
        }
        File.WriteAllBytes(path, [0xFF, 0xFE, 0x00]);
        Assert.That(() => DecisionFile.Load(path), Throws.InstanceOf<DecisionFormatException>());
    }

    [Test]
    public void Evidence_of_the_same_commit_is_adopted_and_foreign_evidence_refused()
    {
        using var dir = new ScratchDir();
        var artifacts = Path.Combine(dir.Path, "artifacts");
        var earlier = EvidenceStore.Create(artifacts, dir.Path, "c1");
        var file = earlier.WriteText("Soak", "summary.txt", "verdict=PASS\n");
        earlier.Record("soak.verdict", ItemStatus.Pass, "verdict=PASS", "Soak", file);
        earlier.Finish();

        var now = EvidenceStore.Create(artifacts, dir.Path, "c1");
        var adopted = now.Adopt(earlier.RunDir, "soak.verdict", "soak.run");
        Assert.That(adopted.Select(a => a.Id), Is.EqualTo(new[] { "soak.verdict" }), "skipped items are not adopted");
        Assert.That(adopted[0].Reason, Does.StartWith($"adopted from run {earlier.RunId}"));
        Assert.That(File.ReadAllText(Path.Combine(now.RunDir, adopted[0].Evidence[0])), Is.EqualTo("verdict=PASS\n"));

        var foreign = EvidenceStore.Create(artifacts, dir.Path, "c2");
        Assert.That(() => foreign.Adopt(earlier.RunDir, "soak.verdict"),
            Throws.InvalidOperationException.With.Message.Contains("'c1'"));
    }

    [Test]
    public void Live_changes_are_listed_in_the_decision_and_carried_by_resumed_and_adopting_runs()
    {
        using var dir = new ScratchDir();
        var artifacts = Path.Combine(dir.Path, "artifacts");
        var run = EvidenceStore.Create(artifacts, dir.Path, "c1");
        run.AddSecrets("hunter2-key-material");
        run.RecordLiveChange("runbook-backup-key-rotate", "replaced the live backup key A with B", "Runbook");
        run.RecordLiveChange("runbook-emergency-on", "emergency on, key hunter2-key-material", "Runbook");
        run.Record("runbook.emergency-on-off", ItemStatus.Pass, "on then off", "Runbook");
        // Written at once: a run stopped before its decision still says what it changed.
        Assert.That(File.ReadAllText(Path.Combine(run.RunDir, LiveChangesFile.FileName)),
            Does.Contain("replaced the live backup key A with B").And.Not.Contain("hunter2-key-material"));
        run.Forget("Runbook");
        Assert.That(run.LiveChanges, Has.Count.EqualTo(2), "a retry does not undo a change");
        run.Record("runbook.emergency-on-off", ItemStatus.Pass, "on then off", "Runbook");
        run.Finish();

        var md = File.ReadAllText(Path.Combine(run.RunDir, DecisionFile.MarkdownName));
        Assert.That(md, Does.Contain("## Changes made to the live workspace")
            .And.Contain("**runbook-backup-key-rotate**: replaced the live backup key A with B"));
        var loaded = DecisionFile.Load(Path.Combine(run.RunDir, DecisionFile.JsonName));
        Assert.That(loaded.LiveChanges.Select(c => c.Step),
            Is.EqualTo(new[] { "runbook-backup-key-rotate", "runbook-emergency-on" }));

        var resumed = EvidenceStore.Reopen(run.RunDir);
        Assert.That(resumed.LiveChanges.Select(c => c.Changed), Is.EqualTo(run.LiveChanges.Select(c => c.Changed)));

        var adopting = EvidenceStore.Create(artifacts, dir.Path, "c1");
        adopting.Adopt(run.RunDir, "runbook.emergency-on-off");
        Assert.That(adopting.LiveChanges.Select(c => c.Step), Is.EqualTo(new[]
        {
            $"runbook-backup-key-rotate (run {run.RunId})", $"runbook-emergency-on (run {run.RunId})",
        }));
        Assert.That(DecisionFile.ToMarkdown(adopting.Finish()), Does.Contain("replaced the live backup key A with B"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;

        public FixedClock Advance()
        {
            Now = Now.AddMinutes(1);
            return this;
        }
    }
}
