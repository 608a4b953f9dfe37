using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sandbox.Tests.Simulator.Support;

namespace Sandbox.Tests.Simulator;

/// <summary>The simulated orchestrator (contract §5) in run-once mode on throw-away workspaces.</summary>
[TestFixture, Parallelizable]
public sealed class OrchestratorTests
{
    private TempWorkspace _ws = null!;

    [SetUp]
    public void CreateWorkspace() => _ws = new TempWorkspace();

    [TearDown]
    public void DeleteWorkspace() => _ws.Dispose();

    private Task<Cargo.Result> RunOnce(Dictionary<string, string?>? env = null)
    {
        // A fixed scheduler clock: the same slot and no scheduled nightly, whatever the hour and zone.
        var vars = new Dictionary<string, string?> { ["VVTV_SIM_NOW"] = TestClock.Midday };
        foreach (var (k, v) in env ?? new()) vars[k] = v;
        vars["VVTV_RUN_ONCE"] = "1";
        return Cargo.RunPackageAsync(_ws, "vvtv-orchestrator", vars);
    }

    internal static List<JsonElement> Events(string stdout) =>
        stdout.Split('\n').Where(l => l.StartsWith("{\"timestamp\"")).Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();

    internal static IEnumerable<string> EventNames(string stdout) =>
        Events(stdout).Select(e => e.GetProperty("fields").GetProperty("message").GetString()!);

    private long Count(string sql) => StateRows.Count(_ws.StateDbPath, sql);

    [Test]
    public async Task First_run_commits_a_window_and_creates_state()
    {
        var r = await RunOnce();
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(EventNames(r.Stdout), Is.EqualTo(new[] { "discovery-window-complete", "commit-window-complete" }));
        var commit = Events(r.Stdout).Single(e => e.GetProperty("fields").GetProperty("message")
            .GetString() == "commit-window-complete");
        Assert.That(commit.GetProperty("level").GetString(), Is.EqualTo("INFO"));
        Assert.That(commit.GetProperty("fields").GetProperty("buffer_minutes").GetInt64(), Is.EqualTo(20));
        Assert.That(commit.GetProperty("fields").GetProperty("plans_created").GetInt64(), Is.EqualTo(2));
        Assert.That(r.Stdout, Does.Contain(
            "{\n  \"buffer_minutes\": 20,\n  \"plans_created\": 2,\n  \"plans_committed\": 2,\n  " +
                "\"qa_pass_rate\": 1.0,\n" +
            "  \"fallback_rate\": 0.0,\n  \"curator_actions\": 0,\n  \"stream_disruptions\": 0\n}\n"));

        foreach (var table in new[] { "plans", "assets", "queue_entries", "audit_events", "metric_samples",
            "scheduler_cursors", "scheduler_locks", "alert_states" })
            Assert.That(Count($"SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='{table}'"),
                Is.EqualTo(1), table);
        Assert.That(Count("SELECT COUNT(*) FROM audit_events WHERE payload_json LIKE " +
            "'%\"reason_code\":\"COMMIT_WINDOW_OK\"%'"), Is.EqualTo(1));
        Assert.That(Count("SELECT COUNT(*) FROM scheduler_locks"), Is.EqualTo(0),
            "run-once releases its lock on success");
        Assert.That(File.ReadAllText(_ws.PathOf("runtime", "hls", "index.m3u8")),
            Does.StartWith("#EXTM3U\n#EXT-X-VERSION:3\n"));

        using var conn = new SqliteConnection($"Data Source={_ws.StateDbPath};Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT payload_json FROM scheduler_cursors WHERE id = 1";
        var cursors = JsonDocument.Parse((string)cmd.ExecuteScalar()!).RootElement;
        Assert.That(cursors.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "last_discovery_hour",
            "last_commit_slot", "last_nightly_date" }));
        Assert.That(cursors.GetProperty("last_commit_slot").GetString(), Does.Match(@"^\d{4}-\d\d-\d\d-\d\d-0[01]$"));
    }

    [Test]
    public async Task Second_run_in_the_same_slot_recovers_but_commits_nothing()
    {
        await RunOnce();
        var second = await RunOnce();
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Stderr);
        var names = EventNames(second.Stdout).ToList();
        Assert.That(names, Does.Contain("pipeline-recovered-from-sqlite"));
        Assert.That(names, Does.Not.Contain("commit-window-complete"));
    }

    [Test]
    public async Task A_live_foreign_lock_makes_the_run_stand_by()
    {
        await RunOnce();
        using (var conn = new SqliteConnection($"Data Source={_ws.StateDbPath};Pooling=False"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            var expires = DateTimeOffset.UtcNow.AddSeconds(30).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'");
            cmd.CommandText = $"INSERT INTO scheduler_locks VALUES ('scheduler-main', 'someone-else', " +
                $"'{expires}', '{expires}')";
            cmd.ExecuteNonQuery();
            cmd.CommandText = "DELETE FROM scheduler_cursors";
            cmd.ExecuteNonQuery();
        }
        var r = await RunOnce();
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(EventNames(r.Stdout), Is.EqualTo(new[] { "scheduler-standby-lock-not-acquired" }));
    }

    [Test]
    public async Task Force_nightly_writes_todays_utc_export_without_trailing_newline()
    {
        var r = await RunOnce(new() { ["VVTV_FORCE_NIGHTLY"] = "1" });
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var nightly = Events(r.Stdout).Single(e => e.GetProperty("fields").GetProperty("message")
            .GetString() == "nightly-job-complete");
        Assert.That(nightly.GetProperty("fields").GetProperty("nightly_action").GetString(), Is.EqualTo("no-change"));
        var export = _ws.PathOf("runtime", "exports", $"audit-{DateTime.UtcNow:yyyy-MM-dd}.json");
        var text = File.ReadAllText(export);
        Assert.That(text, Does.StartWith("[\n  {\n    \"event_id\": "));
        Assert.That(text, Does.EndWith("\n]"));
        Assert.That(JsonDocument.Parse(text).RootElement.GetArrayLength(),
            Is.EqualTo(nightly.GetProperty("fields").GetProperty("exported_count").GetInt32()));
    }

    [Test]
    public async Task Nightly_exports_before_deleting_rows_older_than_90_days()
    {
        await RunOnce();
        StateRows.Audit(_ws.StateDbPath, DateTimeOffset.UtcNow.AddDays(-91), "OLD_EVENT");
        StateRows.Sample(_ws.StateDbPath, DateTimeOffset.UtcNow.AddDays(-91), 60, 1f, 0f);
        StateRows.Audit(_ws.StateDbPath, DateTimeOffset.UtcNow.AddDays(-89), "RECENT_EVENT");
        var r = await RunOnce(new() { ["VVTV_FORCE_NIGHTLY"] = "1" });
        var nightly = Events(r.Stdout).Single(e => e.GetProperty("fields").GetProperty("message")
            .GetString() == "nightly-job-complete");
        Assert.That(nightly.GetProperty("fields").GetProperty("deleted_count").GetInt32(), Is.EqualTo(2));
        Assert.That(File.ReadAllText(_ws.PathOf("runtime", "exports", $"audit-{DateTime.UtcNow:yyyy-MM-dd}.json")),
            Does.Contain("OLD_EVENT"));
        Assert.That(Count("SELECT COUNT(*) FROM audit_events WHERE payload_json LIKE '%OLD_EVENT%'"), Is.EqualTo(0));
        Assert.That(Count("SELECT COUNT(*) FROM audit_events WHERE payload_json LIKE '%RECENT_EVENT%'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Plans_grow_by_two_per_discovery_hour_following_the_k_table()
    {
        await RunOnce();
        // Pretend three more distinct discovery hours happened by clearing the cursors between runs.
        Cargo.Result last = null!;
        for (var i = 0; i < 4; i++)
        {
            using (var conn = new SqliteConnection($"Data Source={_ws.StateDbPath};Pooling=False"))
            {
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "DELETE FROM scheduler_cursors";
                cmd.ExecuteNonQuery();
            }
            last = await RunOnce();
        }
        var commit = Events(last.Stdout).Single(e => e.GetProperty("fields").GetProperty("message")
            .GetString() == "commit-window-complete");
        var f = commit.GetProperty("fields");
        Assert.That((f.GetProperty("plans_created").GetInt64(), f.GetProperty("plans_committed")
            .GetInt64(), f.GetProperty("buffer_minutes").GetInt64()), Is.EqualTo((10L, 6L, 60L)));
        Assert.That(f.GetProperty("fallback_rate").GetDouble(), Is.EqualTo(0.4).Within(1e-6));
        Assert.That(f.GetProperty("curator_actions").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task Invalid_owner_card_exits_1()
    {
        File.WriteAllText(_ws.OwnerCardPath, TempWorkspace.OwnerCardYaml.Replace("buffer_critical_minutes: 20",
            "buffer_critical_minutes: 90"));
        var r = await RunOnce();
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("Error: ").And.Contain("buffer_critical_minutes"));
        File.WriteAllText(_ws.OwnerCardPath, TempWorkspace.OwnerCardYaml.Replace("  enabled: true\n", ""));
        r = await RunOnce();
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("autotune_policy.enabled"));
    }

    [TestCase(null, null, null, "VVTV_CLOUDFLARE_BASE_URL")]
    [TestCase("http://127.0.0.1:9", null, "s", "VVTV_CLOUDFLARE_TOKEN")]
    [TestCase("http://127.0.0.1:9", "t", null, "VVTV_CLOUDFLARE_SECRET")]
    public async Task Non_dev_startup_needs_cloud_settings(string? url, string? token, string? secret, string named)
    {
        var r = await RunOnce(new()
        {
            ["VVTV_ENV"] = "production", ["VVTV_CLOUDFLARE_BASE_URL"] = url, ["VVTV_CLOUDFLARE_TOKEN"] = token,
                ["VVTV_CLOUDFLARE_SECRET"] = secret,
        });
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("Error: ").And.Contain(named));
        Assert.That(File.Exists(_ws.StateDbPath), Is.False, "validation runs before any work");
    }
    [TestCase("2026-03-02T03:00:00+05:00", true,
        TestName = "Nightly_runs_at_local_03_00_which_is_22_00_UTC_the_day_before")]
    [TestCase("2026-03-02T03:59:00-03:00", true, TestName = "Nightly_runs_at_local_03_59")]
    [TestCase("2026-03-02T02:59:00+11:00", false, TestName = "Nightly_waits_at_local_02_59")]
    [TestCase("2026-03-02T08:00:00+05:00", false, TestName = "Nightly_waits_at_03_00_UTC_when_local_is_08_00")]
    public async Task The_nightly_is_scheduled_by_the_local_wall_clock(string now, bool runs)
    {
        // D-O3: VVTV schedules by local time; VVTV_SIM_NOW's offset stands for the local zone.
        var r = await RunOnce(new() { ["VVTV_SIM_NOW"] = now });
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(EventNames(r.Stdout).Contains("nightly-job-complete"), Is.EqualTo(runs), r.Stdout);
        if (!runs) return;
        var again = await RunOnce(new() { ["VVTV_SIM_NOW"] = now });
        Assert.That(EventNames(again.Stdout), Does.Not.Contain("nightly-job-complete"), "once per local day");
    }

    [Test]
    public async Task A_malformed_clock_override_is_refused()
    {
        var r = await RunOnce(new() { ["VVTV_SIM_NOW"] = "03:00" });
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("Error: VVTV_SIM_NOW must be an RFC 3339 time with an offset"));
    }
}
