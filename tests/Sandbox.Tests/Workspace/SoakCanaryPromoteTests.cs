using Sandbox.Tests.Workspace.Support;

namespace Sandbox.Tests.Workspace;

/// <summary>Soak samples and summary, canary outcomes, promotion records, and the cloud sync check.</summary>
[TestFixture, Parallelizable]
public sealed class SoakCanaryPromoteTests : ScriptTestBase
{
    private static readonly string[] SoakKeys =
    [
        "verdict", "samples", "fail_status_requests", "fail_metrics_requests", "fail_alerts_requests",
        "buffer_critical_observations", "stream_disruptions_nonzero_observations", "soak_hours", "check_interval_secs",
    ];

    private static readonly string[] ResultKeys =
        ["status", "backup_dir", "rollback_applied", "canary_out_dir", "soak_summary", "promotion_status",
            "promotion_record"];

    private static Dictionary<string, string?> ShortCanary(string outDir) => new()
    {
        ["VVTV_CANARY_OUT_DIR"] = outDir,
        ["VVTV_CANARY_SOAK_HOURS"] = "0",
        ["VVTV_CANARY_SOAK_MAX_SAMPLES"] = "1",
        ["VVTV_CANARY_SOAK_INTERVAL_SECS"] = "1",
    };

    [Test]
    public async Task Soak_writes_the_summary_in_order_and_one_line_per_sample()
    {
        var outDir = Ws.PathOf("out", "soak");
        var r = await Ws.RunAsync("vvtv-soak.sh", env: new Dictionary<string, string?>
        {
            ["VVTV_SOAK_HOURS"] = "0", ["VVTV_SOAK_MAX_SAMPLES"] = "2", ["VVTV_SOAK_INTERVAL_SECS"] = "1",
                ["VVTV_SOAK_OUT_DIR"] = outDir,
        });

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var summaryText = File.ReadAllText(Path.Combine(outDir, "summary.txt"));
        Assert.That(summaryText, Does.StartWith("VVTV Soak Summary\n"));
        Assert.That(r.Stdout, Does.Contain(summaryText));
        var summary = KeyValues.Parse(summaryText);
        Assert.That(KeyValues.Keys(summary), Is.EqualTo(SoakKeys));
        Assert.That(KeyValues.Last(summary, "verdict"), Is.EqualTo("PASS"));
        Assert.That(KeyValues.Last(summary, "samples"), Is.EqualTo("2"));
        Assert.That(KeyValues.Last(summary, "soak_hours"), Is.EqualTo("0"));
        Assert.That(KeyValues.Last(summary, "check_interval_secs"), Is.EqualTo("1"));

        var status = File.ReadAllLines(Path.Combine(outDir, "status-samples.log"));
        Assert.That(status, Has.Length.EqualTo(2));
        Assert.That(status,
            Has.All.Match("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z \\| " +
                "status=\\{.*\"state\":\"RUNNING\""));
        Assert.That(File.ReadAllLines(Path.Combine(outDir, "alerts-samples.log")),
            Has.All.Match(" \\| alerts=\\{\"alerts\":"));
        var metrics = File.ReadAllLines(Path.Combine(outDir, "metrics-samples.log"));
        Assert.That(metrics.Count(l => l.StartsWith("# --- ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(metrics.Count(l => l.StartsWith("vvtv_buffer_minutes ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(File.Exists(Path.Combine(outDir, "control-api.log")));
        Assert.That(File.Exists(Path.Combine(outDir, "orchestrator.log")));
    }

    [Test]
    public async Task Soak_fails_on_critical_buffer_but_not_on_stream_disruptions()
    {
        var outDir = Ws.PathOf("out", "soak");
        var r = await Ws.RunAsync("vvtv-soak.sh", env: new Dictionary<string, string?>
        {
            ["VVTV_SOAK_HOURS"] = "0", ["VVTV_SOAK_MAX_SAMPLES"] = "1", ["VVTV_SOAK_INTERVAL_SECS"] = "1",
                ["VVTV_SOAK_OUT_DIR"] = outDir,
            ["VVTV_SIM_FAULTS"] = "buffer-critical,stream-disruption",
        });

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var summary = KeyValues.ParseFile(Path.Combine(outDir, "summary.txt"));
        Assert.That(KeyValues.Last(summary, "verdict"), Is.EqualTo("FAIL"));
        Assert.That(KeyValues.Last(summary, "buffer_critical_observations"), Is.EqualTo("1"));
        Assert.That(KeyValues.Last(summary, "stream_disruptions_nonzero_observations"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Soak_with_zero_hours_and_no_cap_takes_no_samples_and_passes()
    {
        var outDir = Ws.PathOf("out", "soak");
        var r = await Ws.RunAsync("vvtv-soak.sh", env: new Dictionary<string, string?>
        {
            ["VVTV_SOAK_HOURS"] = "0", ["VVTV_SOAK_MAX_SAMPLES"] = "0", ["VVTV_SOAK_OUT_DIR"] = outDir,
                ["VVTV_SOAK_RUN_ORCH"] = "0",
        });

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(KeyValues.Last(KeyValues.ParseFile(Path.Combine(outDir, "summary.txt")), "samples"),
            Is.EqualTo("0"));
    }

    [Test]
    public async Task Soak_fails_fast_without_a_summary_when_the_api_it_started_refuses_to_run()
    {
        var outDir = Ws.PathOf("out", "soak");
        var started = DateTime.UtcNow;
        // Outside dev the API refuses the dev secrets the soak injects, so its own child exits at once.
        var r = await Ws.RunAsync("vvtv-soak.sh", env: new Dictionary<string, string?>
        {
            ["VVTV_SOAK_HOURS"] = "0", ["VVTV_SOAK_MAX_SAMPLES"] = "1", ["VVTV_SOAK_OUT_DIR"] = outDir,
                ["VVTV_SOAK_RUN_ORCH"] = "0",
            ["VVTV_ENV"] = "production", ["VVTV_SOAK_BOOT_TIMEOUT_SECS"] = "60",
        });

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(File.Exists(Path.Combine(outDir, "summary.txt")), Is.False);
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(30)),
            "a dead child must end the readiness wait early");
    }

    [Test]
    public async Task Canary_pass_with_auto_promote_writes_result_and_promotion_record()
    {
        var outDir = Ws.PathOf("out", "canary");
        var env = ShortCanary(outDir);
        env["VVTV_CANARY_AUTO_PROMOTE"] = "1";
        var r = await Ws.RunAsync("vvtv-canary.sh", env: env);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        var result = KeyValues.ParseFile(Path.Combine(outDir, "result.env"));
        Assert.That(KeyValues.Keys(result), Is.EqualTo(ResultKeys));
        Assert.That(KeyValues.Last(result, "status"), Is.EqualTo("PASS"));
        Assert.That(KeyValues.Last(result, "rollback_applied"), Is.EqualTo("0"));
        Assert.That(KeyValues.Last(result, "canary_out_dir"), Is.EqualTo(outDir));
        Assert.That(KeyValues.Last(result, "soak_summary"), Is.EqualTo(Path.Combine(outDir, "soak", "summary.txt")));
        Assert.That(KeyValues.Last(result, "promotion_status"), Is.EqualTo("PROMOTED"));
        Assert.That(Lines(r.Stdout)[^1], Does.StartWith("promotion_record="));
        Assert.That(File.Exists(Path.Combine(outDir, "backup.log")));
        Assert.That(File.Exists(Path.Combine(outDir, "promote-control-api.log")),
            "no API was up, so the gate bootstraps one");

        var record = KeyValues.Last(result, "promotion_record");
        Assert.That(Path.GetFileName(record), Does.Match("^promotion-[0-9]{8}T[0-9]{6}Z\\.env$"));
        Assert.That(Path.GetDirectoryName(record), Is.EqualTo(Ws.PathOf("runtime", "releases", "promotions")));
        var rec = KeyValues.ParseFile(record);
        Assert.That(KeyValues.Keys(rec), Is.EqualTo(new[] { "status", "promoted_at_utc", "canary_result_file",
            "alerts_high_critical", "api_url" }));
        Assert.That(KeyValues.Last(rec, "status"), Is.EqualTo("PROMOTED"));
        Assert.That(KeyValues.Last(rec, "canary_result_file"), Is.EqualTo(Path.Combine(outDir, "result.env")));
        Assert.That(record, Does.EndWith("promotion-" + KeyValues.Last(rec, "promoted_at_utc") + ".env"));
    }

    [Test]
    public async Task Canary_with_a_failed_soak_rolls_back_and_exits_1()
    {
        var outDir = Ws.PathOf("out", "canary");
        var env = ShortCanary(outDir);
        env["VVTV_SIM_FAULTS"] = "buffer-critical";
        var r = await Ws.RunAsync("vvtv-canary.sh", env: env);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var result = KeyValues.ParseFile(Path.Combine(outDir, "result.env"));
        Assert.That(KeyValues.Keys(result), Is.EqualTo(ResultKeys));
        Assert.That(KeyValues.Last(result, "status"), Is.EqualTo("FAIL_ROLLBACK_APPLIED"));
        Assert.That(KeyValues.Last(result, "rollback_applied"), Is.EqualTo("1"));
        Assert.That(KeyValues.Last(result, "promotion_status"), Is.EqualTo("SKIPPED"));
        Assert.That(r.Stdout, Does.Contain("restored_state_db="));
    }

    [Test]
    public async Task Canary_without_rollback_reports_rollback_skipped()
    {
        var outDir = Ws.PathOf("out", "canary");
        var env = ShortCanary(outDir);
        env["VVTV_SIM_FAULTS"] = "buffer-critical";
        env["VVTV_CANARY_AUTO_ROLLBACK"] = "0";
        var r = await Ws.RunAsync("vvtv-canary.sh", env: env);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        var result = KeyValues.ParseFile(Path.Combine(outDir, "result.env"));
        Assert.That(KeyValues.Last(result, "status"), Is.EqualTo("FAIL_ROLLBACK_SKIPPED"));
        Assert.That(KeyValues.Last(result, "rollback_applied"), Is.EqualTo("0"));
    }

    [Test]
    public async Task Canary_strict_gate_failure_exits_with_promotes_code_and_leaves_the_quiet_result()
    {
        var outDir = Ws.PathOf("out", "canary");
        var env = ShortCanary(outDir);
        env["VVTV_CANARY_AUTO_PROMOTE"] = "1";
        env["VVTV_SIM_FAULTS"] = "high-alert";
        var r = await Ws.RunAsync("vvtv-canary.sh", env: env);

        Assert.That(r.ExitCode, Is.EqualTo(1), r.ToString());
        Assert.That(r.Stderr, Does.Contain("promotion blocked: high/critical alerts active ("));
        var result = KeyValues.ParseFile(Path.Combine(outDir, "result.env"));
        Assert.That(KeyValues.Last(result, "status"), Is.EqualTo("PASS"));
        Assert.That(KeyValues.Last(result, "promotion_status"), Is.EqualTo("SKIPPED"));
    }

    [Test]
    public async Task Promote_refuses_a_result_that_is_not_pass_and_a_missing_file()
    {
        var file = Ws.PathOf("result.env");
        File.WriteAllText(file, "status=FAIL_ROLLBACK_APPLIED\n");

        var failed = await Ws.RunAsync("vvtv-promote.sh", [file]);
        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.ToString());
        Assert.That(failed.Stderr, Does.StartWith("canary gate failed: status=FAIL_ROLLBACK_APPLIED"));

        var missing = await Ws.RunAsync("vvtv-promote.sh");
        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
        Assert.That(missing.Stderr, Does.Contain("canary result file not found"));
        Assert.That(Directory.GetFiles(Ws.PathOf("runtime", "releases", "promotions")), Is.Empty);
    }

    [Test]
    public async Task Promote_without_an_api_exits_with_curls_code()
    {
        var file = Ws.PathOf("result.env");
        File.WriteAllText(file, "status=PASS\n");

        var r = await Ws.RunAsync("vvtv-promote.sh", [file]);

        Assert.That(r.ExitCode, Is.EqualTo(7), r.ToString());
    }

    [Test]
    public async Task Cloudflare_sync_check_skips_with_exit_0_when_no_base_url_is_set()
    {
        var r = await Ws.RunAsync("test-cloudflare-sync.sh");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
        Assert.That(r.Stdout, Does.Contain("skipped"));
        Assert.That(File.Exists(Ws.PathOf("runtime", "state", "vvtv.db")));
    }
}
