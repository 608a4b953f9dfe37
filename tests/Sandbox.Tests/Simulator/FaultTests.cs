using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Sandbox.Tests.Simulator.Support;

namespace Sandbox.Tests.Simulator;

/// <summary>Each `VVTV_SIM_FAULTS` switch changes the observable it names (sandbox/README.md).</summary>
[TestFixture, Parallelizable]
public sealed class FaultTests
{
    private TempWorkspace _ws = null!;

    [SetUp]
    public void CreateWorkspace() => _ws = new TempWorkspace();

    [TearDown]
    public void DeleteWorkspace() => _ws.Dispose();

    private Task<ApiServer> Api(string faults) =>
        ApiServer.StartAsync(_ws, new Dictionary<string, string?> { ["VVTV_SIM_FAULTS"] = faults });

    [Test]
    public async Task Buffer_critical_and_stream_disruption_reach_metrics_and_alerts()
    {
        await using var api = await Api("buffer-critical,stream-disruption");
        var metrics = await api.Client.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("\nvvtv_buffer_minutes 10\n").And.Contain("\nvvtv_stream_disruptions 1\n"));
        Assert.That(await api.Client.GetStringAsync("/v1/alerts"),
            Does.Contain("\"code\":\"BUFFER_CRITICAL\",\"severity\":\"critical\""));
    }

    [Test]
    public async Task High_alert_adds_a_high_severity_alert()
    {
        await using var api = await Api("high-alert");
        var root = JsonDocument.Parse(await api.Client.GetStringAsync("/v1/alerts")).RootElement;
        Assert.That(root.GetProperty("alerts").EnumerateArray()
            .Select(a => a.GetProperty("severity").GetString()), Does.Contain("high"));
    }

    [Test]
    public async Task Bad_signature_rejects_a_correctly_signed_request()
    {
        await using var api = await Api("bad-signature");
        using var r = await api.Client.SendAsync(ApiServer.Signed("/v1/control/reload-owner-card"));
        Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await r.Content.ReadAsStringAsync(), Is.EqualTo("invalid signature"));
    }

    [Test]
    public async Task Slow_delays_every_response()
    {
        await using var api = await Api("slow=400");
        var watch = Stopwatch.StartNew();
        await api.Client.GetStringAsync("/v1/status");
        Assert.That(watch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(400));
    }

    [Test]
    public async Task Api_down_after_n_requests_exits_the_process()
    {
        // The readiness probe is request 1.
        await using var api = await Api("api-down-after=2");
        using (var ok = await api.Client.GetAsync("/v1/status")) Assert.That(ok.StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        Assert.That(async () => await api.Client.GetAsync("/v1/status"), Throws.InstanceOf<HttpRequestException>());
        var exited = await api.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(exited.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task Api_hang_after_n_requests_accepts_but_never_answers()
    {
        await using var api = await Api("api-hang-after=1");
        using var client = new HttpClient { BaseAddress = api.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(1.5) };
        Assert.That(async () => await client.GetAsync("/v1/status"), Throws.InstanceOf<TaskCanceledException>());
        Assert.That(api.Exited.IsCompleted, Is.False, "the process stays up");
    }

    [Test]
    public async Task Test_failure_makes_cargo_test_exit_101()
    {
        var ok = await Cargo.RunAsync(_ws.Root, ["test"]);
        Assert.That(ok.ExitCode, Is.EqualTo(0), ok.Stdout + ok.Stderr);
        Assert.That(ok.Stdout,
            Does.Match(@"running \d+ tests").And.Match(@"test result: ok\. \d+ passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in \d+\.\d\ds"));
        var failed = await Cargo.RunAsync(_ws.Root, ["test"], new Dictionary<string,
            string?> { ["VVTV_SIM_FAULTS"] = "test-failure" });
        Assert.That(failed.ExitCode, Is.EqualTo(101));
        Assert.That(failed.Stdout, Does.Contain("test result: FAILED. "));
    }

    [Test]
    public async Task No_commit_window_skips_the_commit_but_still_discovers()
    {
        var r = await Cargo.RunPackageAsync(_ws, "vvtv-orchestrator", new Dictionary<string, string?>
        {
            ["VVTV_RUN_ONCE"] = "1", ["VVTV_SIM_FAULTS"] = "no-commit-window", ["VVTV_SIM_NOW"] = TestClock.Midday,
        });
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(OrchestratorTests.EventNames(r.Stdout), Is.EqualTo(new[] { "discovery-window-complete" }));
    }

    [Test]
    public async Task Backup_corrupt_makes_verify_fail()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ws.StateDbPath)!);
        StateRows.Exec(_ws.StateDbPath, "CREATE TABLE t (v INTEGER)");
        var backup = await Cargo.RunPackageAsync(_ws, "vvtv-admin", new Dictionary<string,
            string?> { ["VVTV_SIM_FAULTS"] = "backup-corrupt" }, "backup");
        Assert.That(backup.ExitCode, Is.EqualTo(0), backup.Stderr);
        var dir = backup.Stdout.Split('\n')[0]["backup_dir=".Length..];
        var verify = await Cargo.RunPackageAsync(_ws, "vvtv-admin", null, "verify", "--backup-dir", dir);
        Assert.That(verify.ExitCode, Is.EqualTo(1));
        Assert.That(verify.Stderr, Does.StartWith("Error: state db checksum mismatch"));
    }
    [Test]
    public async Task Backup_clock_makes_two_backups_share_one_folder_the_second_overwrites()
    {
        // D-R12: VVTV names a backup folder to the second and reuses it; a fixed clock makes the collision certain.
        Directory.CreateDirectory(Path.GetDirectoryName(_ws.StateDbPath)!);
        StateRows.Exec(_ws.StateDbPath, "CREATE TABLE t (v INTEGER)");
        var fixedClock = new Dictionary<string, string?> { ["VVTV_SIM_FAULTS"] = "backup-clock=1767225600" };
        var first = await Cargo.RunPackageAsync(_ws, "vvtv-admin", fixedClock, "backup");
        StateRows.Exec(_ws.StateDbPath, "INSERT INTO t VALUES (1)");
        var second = await Cargo.RunPackageAsync(_ws, "vvtv-admin", fixedClock, "backup");

        Assert.That(first.ExitCode + second.ExitCode, Is.EqualTo(0), first.Stderr + second.Stderr);
        var dir = Path.Combine("runtime", "backups", "20260101T000000Z");
        Assert.That(first.Stdout, Does.StartWith($"backup_dir={dir}\n"));
        Assert.That(second.Stdout, Does.StartWith($"backup_dir={dir}\n"));
        Assert.That(Directory.GetDirectories(_ws.PathOf("runtime", "backups")), Has.Length.EqualTo(1));
        var manifest = File.ReadAllText(_ws.PathOf(dir, "manifest.json"));
        Assert.That(manifest, Does.Contain("2026-01-01T00:00:00.000000+00:00"));
        Assert.That(StateRows.Count(_ws.PathOf(dir, "state.db"), "SELECT COUNT(*) FROM t"), Is.EqualTo(1),
            "the second backup's snapshot replaced the first's");
    }

    [TestCase("buffer-critical;stream-disruption", "unknown fault 'buffer-critical;stream-disruption'")]
    [TestCase("Buffer-Critical", "unknown fault 'Buffer-Critical'")]
    [TestCase("bogus", "unknown fault 'bogus'")]
    [TestCase("slow=abc", "fault 'slow' needs an integer value of at least 0")]
    [TestCase("slow", "fault 'slow' needs an integer value")]
    [TestCase("slow=-5", "fault 'slow' needs an integer value")]
    [TestCase("api-error-every=0", "fault 'api-error-every' needs an integer value of at least 1")]
    [TestCase("high-alert=1", "fault 'high-alert' takes no value")]
    [TestCase("high-alert,,slow=5", "an empty entry")]
    [TestCase("high-alert,high-alert", "fault 'high-alert' is given twice")]
    public async Task An_unknown_or_malformed_fault_is_refused_naming_it_and_the_valid_ones(
        string faults, string reason)
    {
        // Any package start refuses it; the admin tool is the quickest.
        var r = await Cargo.RunPackageAsync(_ws, "vvtv-admin",
            new Dictionary<string, string?> { ["VVTV_SIM_FAULTS"] = faults }, "backup");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stdout);
        Assert.That(r.Stderr, Does.StartWith($"Error: VVTV_SIM_FAULTS: {reason}"));
        Assert.That(r.Stderr, Does.Contain("valid faults (comma-separated): buffer-critical, stream-disruption,")
            .And.Contain("api-error-every=N, metrics-freeze-after=N").And.Contain("orchestrator-exit-after=N"));
        Assert.That(Directory.Exists(_ws.PathOf("runtime", "backups")), Is.False, "nothing ran");
    }

    [Test]
    public async Task A_refused_fault_also_fails_cargo_test()
    {
        var r = await Cargo.RunAsync(_ws.Root, ["test"],
            new Dictionary<string, string?> { ["VVTV_SIM_FAULTS"] = "tests-failure" });
        Assert.That(r.ExitCode, Is.Not.EqualTo(0));
        Assert.That(r.Stderr, Does.Contain("unknown fault 'tests-failure'"));
    }

    [Test]
    public async Task Api_error_every_n_answers_500_with_a_body_on_every_nth_sampled_request()
    {
        // The readiness probe (/v1/status) is sampled request 1; reports and control calls are not counted.
        await using var api = await Api("api-error-every=2");
        var codes = new List<int>();
        string[] paths = ["/metrics", "/v1/reports/daily?date=2026-01-01", "/v1/alerts", "/v1/status", "/metrics"];
        foreach (var path in paths)
        {
            using var r = await api.Client.GetAsync(path);
            codes.Add((int)r.StatusCode);
            if (r.StatusCode == HttpStatusCode.InternalServerError)
            {
                var body = await r.Content.ReadAsStringAsync();
                Assert.That(body, Does.Contain("api-error-every=2"), "an error with a body");
            }
        }
        Assert.That(codes, Is.EqualTo(new[] { 500, 200, 200, 500, 200 }));
    }

    [Test]
    public async Task Metrics_freeze_after_n_reads_hides_newer_samples([Values] bool frozen)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_ws.StateDbPath)!);
        var first = await Cargo.RunPackageAsync(_ws, "vvtv-orchestrator",
            new Dictionary<string, string?> { ["VVTV_RUN_ONCE"] = "1" });
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Stderr);
        await using var api = await Api(frozen ? "metrics-freeze-after=2" : "");
        await api.Client.GetStringAsync("/metrics");
        var second = await api.Client.GetStringAsync("/metrics");
        StateRows.Sample(_ws.StateDbPath, DateTimeOffset.UtcNow.AddMinutes(1), 47, 1f, 0f);
        var third = await api.Client.GetStringAsync("/metrics");
        if (frozen) Assert.That(third, Is.EqualTo(second));
        else Assert.That(third, Does.Contain("\nvvtv_buffer_minutes 47\n"));
    }

    [Test]
    public async Task Orchestrator_exit_after_secs_ends_a_continuous_orchestrator_with_exit_1()
    {
        var r = await Cargo.RunPackageAsync(_ws, "vvtv-orchestrator", new Dictionary<string, string?>
        {
            ["VVTV_SIM_FAULTS"] = "orchestrator-exit-after=1",
        });
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Stdout);
        Assert.That(r.Stderr,
            Does.Contain("Error: orchestrator stopped by the sandbox fault orchestrator-exit-after=1"));
        Assert.That(OrchestratorTests.EventNames(r.Stdout), Does.Contain("discovery-window-complete"),
            "it ran before it stopped");
    }
}
