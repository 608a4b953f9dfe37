using System.Text.Json;
using Sandbox.Tests.Workspace.Support;

namespace Sandbox.Tests.Workspace;

/// <summary>The three go-live phase scripts end to end against the simulator.</summary>
[TestFixture, Parallelizable]
public sealed class PhaseScriptTests : ScriptTestBase
{
    [Test, DefaultApiPort]
    public async Task Phase1_passes_and_writes_every_artifact_and_the_summary_in_order()
    {
        var out1 = Ws.PathOf("out", "p1");
        var r = await Ws.RunAsync("vvtv-phase1-go-live.sh", env: new Dictionary<string,
            string?> { ["VVTV_PHASE1_OUT_DIR"] = out1 });

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var lines = Lines(r.Stdout);
        Assert.That(lines[^2..], Is.EqualTo(new[] { "phase1_status=PASS", $"phase1_artifacts={out1}" }));
        Assert.That(lines, Does.Contain("[phase1] running cargo-test"));
        foreach (var f in new[] { "cargo-test.log", "orchestrator-run-once.log", "control-api.log", "status.json",
            "alerts.json", "metrics.prom", "summary.txt" })
            Assert.That(File.Exists(Path.Combine(out1, f)), f);

        var summary = KeyValues.ParseFile(Path.Combine(out1, "summary.txt"));
        Assert.That(KeyValues.Keys(summary), Is.EqualTo(new[] { "phase", "status", "timestamp_utc", "api_url",
            "artifacts_dir", "checks" }));
        Assert.That(KeyValues.Last(summary, "timestamp_utc"), Does.Match("^[0-9]{8}T[0-9]{6}Z$"));
        Assert.That(KeyValues.Last(summary, "api_url"), Is.EqualTo("http://127.0.0.1:7070"));
        Assert.That(KeyValues.Last(summary, "checks"),
            Is.EqualTo("cargo-test,orchestrator-run-once,control-api-status,control-api-alerts,control-api-metrics"));
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(out1, "status.json")));
        Assert.That(status.RootElement.GetProperty("state").GetString(), Is.EqualTo("RUNNING"));
        Assert.That(File.ReadAllText(Path.Combine(out1, "metrics.prom")), Does.Contain("vvtv_buffer_minutes "));
    }

    [Test]
    public async Task Phase1_default_out_dir_uses_the_utc_stamp_and_runs_from_any_cwd()
    {
        var r = await Ws.RunAsync("vvtv-phase1-go-live.sh", workDir: Ws.TempDir);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var dirs = Directory.GetDirectories(Ws.PathOf("runtime", "go-live", "phase1"));
        Assert.That(dirs, Has.Length.EqualTo(1));
        Assert.That(Path.GetFileName(dirs[0]), Does.Match("^[0-9]{8}T[0-9]{6}Z$"));
        Assert.That(Lines(r.Stdout)[^1], Is.EqualTo($"phase1_artifacts={dirs[0]}"));
    }

    [Test]
    public async Task Phase1_fails_with_the_failing_step_code_and_writes_no_summary_when_tests_fail()
    {
        var out1 = Ws.PathOf("out", "p1");
        var r = await Ws.RunAsync("vvtv-phase1-go-live.sh",
            env: new Dictionary<string, string?> { ["VVTV_PHASE1_OUT_DIR"] = out1,
                ["VVTV_SIM_FAULTS"] = "test-failure" });

        Assert.That(r.ExitCode, Is.EqualTo(101), r.ToString());
        Assert.That(File.Exists(Path.Combine(out1, "summary.txt")), Is.False);
        Assert.That(r.Stdout, Does.Not.Contain("phase1_status="));
    }

    [Test]
    public async Task Phase2_runs_every_step_and_writes_the_summary_in_order()
    {
        var out2 = Ws.PathOf("out", "p2");
        var r = await Ws.RunAsync("vvtv-phase2-go-live.sh", env: new Dictionary<string, string?>
        {
            ["VVTV_PHASE2_OUT_DIR"] = out2,
            ["VVTV_PHASE2_SOAK_MAX_SAMPLES"] = "1",
            ["VVTV_PHASE2_SOAK_INTERVAL_SECS"] = "1",
        });

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(Lines(r.Stdout)[^2..], Is.EqualTo(new[] { "phase2_status=PASS", $"phase2_artifacts={out2}" }));
        var summary = KeyValues.ParseFile(Path.Combine(out2, "summary.txt"));
        Assert.That(KeyValues.Keys(summary), Is.EqualTo(new[]
            { "phase", "status", "timestamp_utc", "api_url", "artifacts_dir", "backup_dir", "secure_backup_dir",
                "soak_summary", "checks" }));
        var checks = KeyValues.Last(summary, "checks").Split(',');
        Assert.That(checks, Has.Length.EqualTo(14));
        foreach (var step in checks)
            Assert.That(File.Exists(Path.Combine(out2, step + ".log")), step);
        Assert.That(KeyValues.Last(summary, "backup_dir"), Does.Match("^runtime/backups/[0-9]{8}T[0-9]{6}Z$"));
        Assert.That(Directory.GetFiles(Ws.PathOf(KeyValues.Last(summary, "secure_backup_dir")))
            .Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "backup.tar.gz.enc", "backup.tar.gz.enc.sha256", "key_id.txt" }));
        Assert.That(File.ReadAllText(Path.Combine(out2, "emergency-on.log")), Does.Contain("\"emergency_mode\":true"));
        Assert.That(File.ReadAllText(Path.Combine(out2, "emergency-off.log")),
            Does.Contain("\"emergency_mode\":false"));
        var soak = KeyValues.ParseFile(KeyValues.Last(summary, "soak_summary"));
        Assert.That(KeyValues.Last(soak, "verdict"), Is.EqualTo("PASS"));
        Assert.That(KeyValues.Last(soak, "samples"), Is.EqualTo("1"));
        Assert.That(Directory.GetDirectories(Ws.TempDir, "vvtv-secure-*"), Is.Empty,
            "decrypted temp folders left behind");
    }

    [Test]
    public async Task Phase3_promotes_and_writes_the_summary_without_api_url()
    {
        var out3 = Ws.PathOf("out", "p3");
        var r = await Ws.RunAsync("vvtv-phase3-go-live.sh", env: new Dictionary<string, string?>
        {
            ["VVTV_PHASE3_OUT_DIR"] = out3,
            ["VVTV_PHASE3_CANARY_SOAK_MAX_SAMPLES"] = "1",
            ["VVTV_PHASE3_CANARY_SOAK_INTERVAL_SECS"] = "1",
            ["VVTV_PHASE3_CHECK_CLOUDFLARE"] = "1",
        });

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(Lines(r.Stdout)[^2..], Is.EqualTo(new[] { "phase3_status=PASS", $"phase3_artifacts={out3}" }));
        var summary = KeyValues.ParseFile(Path.Combine(out3, "summary.txt"));
        Assert.That(KeyValues.Keys(summary), Is.EqualTo(new[]
            { "phase", "status", "timestamp_utc", "artifacts_dir", "canary_result_file", "canary_status",
                "promotion_status", "promotion_record", "checks" }));
        Assert.That(KeyValues.Last(summary, "promotion_status"), Is.EqualTo("PROMOTED"));
        Assert.That(File.Exists(KeyValues.Last(summary, "promotion_record")));
        Assert.That(KeyValues.Last(summary, "checks"), Is.EqualTo("canary,cloudflare-sync-check"));
        Assert.That(File.Exists(Path.Combine(out3, "canary.log")));
        Assert.That(File.Exists(Path.Combine(out3, "cloudflare-sync-check.log")));
    }

    [Test]
    public async Task Phase3_fails_with_the_canary_code_when_the_soak_fails()
    {
        var out3 = Ws.PathOf("out", "p3");
        var r = await Ws.RunAsync("vvtv-phase3-go-live.sh", env: new Dictionary<string, string?>
        {
            ["VVTV_PHASE3_OUT_DIR"] = out3,
            ["VVTV_PHASE3_CANARY_SOAK_MAX_SAMPLES"] = "1",
            ["VVTV_PHASE3_CANARY_SOAK_INTERVAL_SECS"] = "1",
            ["VVTV_SIM_FAULTS"] = "buffer-critical",
        });

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(File.Exists(Path.Combine(out3, "summary.txt")), Is.False);
        Assert.That(KeyValues.Last(KeyValues.ParseFile(Path.Combine(out3, "canary", "result.env")), "status"),
            Is.EqualTo("FAIL_ROLLBACK_APPLIED"));
    }
}
