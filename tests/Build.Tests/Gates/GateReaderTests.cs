using System.Diagnostics;
using System.Security.Cryptography;
using Checklist;
using NUnit.Framework;
using Vvtv;

namespace BuildTests.Gates;

/// <summary>The readers the gates add: orchestrator events, libtest results, the secure backup payload, and the run
/// files --continue reopens.</summary>
public class GateReaderTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "gate-readers-"
        + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Orchestrator_events_come_from_json_lines_only()
    {
        var events = OrchestratorLog.Events([
            """{"timestamp":"2026-11-24T06:20:30Z","level":"INFO","fields":{"message":"discovery-window-complete","plans_created":2},"target":"vvtv"}""",
            "{",
            "  \"buffer_minutes\": 20,",
            "}",
            """{"fields":{"message":"commit-window-complete"}}""",
            """{"fields":{"message":42}}""",
            "{not json}",
            "Error: something",
        ]);
        Assert.That(events, Is.EqualTo(new[] { "discovery-window-complete", "commit-window-complete" }));
    }

    [Test]
    public void Libtest_output_needs_at_least_one_result_line_and_all_ok()
    {
        Assert.That(LibtestOutput.Problem(["running 3 tests", "test result: ok. 3 passed; 0 failed; 0 ignored"]),
            Is.Null);
        Assert.That(LibtestOutput.Problem(["running 0 tests"]), Does.Contain("no 'test result:' line"));
        Assert.That(LibtestOutput.Problem(["test result: ok. 1 passed", "test result: FAILED. 1 passed; 1 failed"]),
            Does.Contain("1 of 2").And.Contain("FAILED"));
        Assert.That(LibtestOutput.Problem([]), Is.Not.Null);
    }

    [Test]
    public void Secure_backup_payload_is_checked_against_sidecar_key_and_manifest()
    {
        var (dir, key) = MakeSecureBackup();
        var manifest = SecureBackupPayload.Verify(dir, key);
        Assert.That(manifest.StateDbFile, Is.EqualTo("state.db"));

        var wrongKey = Path.Combine(_dir, "wrong.key");
        File.WriteAllText(wrongKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) + "\n");
        Assert.That(() => SecureBackupPayload.Verify(dir, wrongKey), Throws.TypeOf<VvtvFormatException>());

        File.WriteAllText(Path.Combine(dir, "backup.tar.gz.enc.sha256"), new string('0', 64) + "\n");
        Assert.That(() => SecureBackupPayload.Verify(dir, key),
            Throws.TypeOf<VvtvFormatException>().With.Message.Contains("sidecar"));

        File.WriteAllText(Path.Combine(dir, "state.db"), "plain leftover");
        Assert.That(() => SecureBackupPayload.Verify(dir, key),
            Throws.TypeOf<VvtvFormatException>().With.Message.Contains("unexpected files"));
    }

    [Test]
    public void Secure_backup_with_an_empty_or_missing_file_is_refused()
    {
        var (dir, key) = MakeSecureBackup();
        File.WriteAllText(Path.Combine(dir, "backup.tar.gz.enc"), "");
        Assert.That(() => SecureBackupPayload.Verify(dir, key), Throws.TypeOf<VvtvFormatException>());
        File.Delete(Path.Combine(dir, "key_id.txt"));
        Assert.That(() => SecureBackupPayload.Verify(dir, key),
            Throws.TypeOf<VvtvFormatException>().With.Message.Contains("key_id.txt is missing"));
    }

    [Test]
    public void A_reopened_run_keeps_records_and_findings_and_forgets_a_target_that_runs_again()
    {
        var store = EvidenceStore.Create(_dir, runDir => Path.Combine(runDir, "workspace"), "sandbox-abc");
        var file = store.WriteText("GoLive", "summary.txt", "status=PASS\n");
        store.Record("golive.summary", ItemStatus.Pass, "ok", "GoLive", file);
        store.Record("canary.run", ItemStatus.Fail, "exit 1", "Canary");
        store.RaiseNoGo(NoGoCause.Stream, "disruptions 1", "Canary");
        store.Finish();

        var reopened = EvidenceStore.Reopen(store.RunDir);
        Assert.That(reopened.RunId, Is.EqualTo(store.RunId));
        Assert.That(reopened.WorkspaceRoot, Is.EqualTo(Path.Combine(store.RunDir, "workspace")));
        Assert.That(reopened.Records.Select(r => r.Id), Is.EqualTo(new[] { "golive.summary", "canary.run" }));
        Assert.That(reopened.Findings.Single().Cause, Is.EqualTo(NoGoCause.Stream));
        reopened.Forget("Canary");
        Assert.That(reopened.Records.Select(r => r.Id), Is.EqualTo(new[] { "golive.summary" }));
        Assert.That(reopened.Findings, Is.Empty);
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("""{"run_id":"20261124T062030Z-abcdef"}""")]
    public void A_broken_run_json_is_refused_naming_the_file(string content)
    {
        var runDir = Path.Combine(_dir, "20261124T062030Z-abcdef");
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, RunIdentity.FileName), content);
        Assert.That(() => EvidenceStore.Reopen(runDir),
            Throws.TypeOf<DecisionFormatException>().With.Message.Contains(RunIdentity.FileName));
    }

    [Test]
    public void Malformed_findings_json_is_refused()
    {
        File.WriteAllText(Path.Combine(_dir, FindingsFile.FileName), """[{"Cause":"Weather","Message":"x","Target":"T","At":"2026-11-24T06:20:30.000Z"}]""");
        Assert.That(() => FindingsFile.Read(_dir),
            Throws.TypeOf<DecisionFormatException>().With.Message.Contains("Weather"));
        File.WriteAllText(Path.Combine(_dir, FindingsFile.FileName), "[{");
        Assert.That(() => FindingsFile.Read(_dir),
            Throws.TypeOf<DecisionFormatException>().With.Message.Contains("malformed JSON"));
    }

    // The real tools the runbook uses: tar and openssl enc with PBKDF2 (contract §2.2).
    private (string Dir, string Key) MakeSecureBackup()
    {
        var plain = Path.Combine(_dir, "plain");
        Directory.CreateDirectory(plain);
        File.WriteAllText(Path.Combine(plain, "state.db"), "db bytes");
        File.WriteAllText(Path.Combine(plain, "owner_card.yaml"), "schema_version: 1\n");
        string Sha(string f) => BackupManifest.Sha256Of(Path.Combine(plain, f));
        File.WriteAllText(Path.Combine(plain, "manifest.json"),
            $$"""{"schema_version":1,"created_at":"2026-11-24T06:20:31.512004117+00:00","state_db_file":"state.db","state_db_sha256":"{{Sha("state.db")}}","owner_card_file":"owner_card.yaml","owner_card_sha256":"{{Sha("owner_card.yaml")}}"}""");
        var dir = Path.Combine(_dir, "20261124T062031Z");
        Directory.CreateDirectory(dir);
        var key = Path.Combine(_dir, "current.key");
        File.WriteAllText(key, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) + "\n");
        Run("tar", "-czf", Path.Combine(_dir, "b.tar.gz"), "-C", plain, "state.db", "owner_card.yaml", "manifest.json");
        Run("openssl", "enc", "-aes-256-cbc", "-pbkdf2", "-iter", "10000", "-salt", "-in",
            Path.Combine(_dir, "b.tar.gz"), "-out", Path.Combine(dir, "backup.tar.gz.enc"), "-pass", "file:" + key);
        File.WriteAllText(Path.Combine(dir, "backup.tar.gz.enc.sha256"),
            BackupManifest.Sha256Of(Path.Combine(dir, "backup.tar.gz.enc")) + "\n");
        File.WriteAllText(Path.Combine(dir, "key_id.txt"), "20261124T062000Z\n");
        return (dir, key);
    }

    private static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), $"{program}: {err}");
    }
}
