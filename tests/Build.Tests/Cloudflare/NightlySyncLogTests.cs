using Cloudflare;

namespace Build.Tests.Cloudflare;

/// <summary>Sync failures never fail the orchestrator (D-O1): the log's sync events are read to find out whether a push
/// landed.</summary>
public sealed class NightlySyncLogTests
{
    private static string Event(string message, string extra = "") =>
        $$"""{"timestamp":"2026-11-26T23:17:26.5Z","level":"INFO","fields":{"message":"{{message}}"{{extra}}},"target":"vvtv_orchestrator"}""";

    private static readonly string[] Metrics = ["{", "  \"buffer_minutes\": 20,", "  \"plans_created\": 2", "}"];

    [Test]
    public void Both_ok_events_mean_no_problem()
    {
        var log = NightlySyncLog.Parse([Event("commit-window-complete"), .. Metrics, Event("cloudflare-daily-sync-ok"),
            Event("cloudflare-weekly-sync-ok"), Event("nightly-job-complete")]);
        Assert.Multiple(() =>
        {
            Assert.That(log.SyncProblem("daily"), Is.Null);
            Assert.That(log.SyncProblem("weekly"), Is.Null);
            Assert.That(log.Events, Is.EqualTo(new[] { "commit-window-complete", "cloudflare-daily-sync-ok",
                "cloudflare-weekly-sync-ok", "nightly-job-complete" }));
        });
    }

    [Test]
    public void A_failed_push_is_named_with_the_agents_error()
    {
        var log = NightlySyncLog.Parse([Event("cloudflare-daily-sync-failed", ""","error":"control-agent http error: status=401 Unauthorized" """), Event("nightly-job-complete")]);
        Assert.That(log.SyncProblem("daily"),
            Is.EqualTo("the orchestrator logged cloudflare-daily-sync-failed: control-agent http error: " +
                "status=401 Unauthorized"));
        Assert.That(log.SyncRefusedAsUnauthorized("daily"), Is.True);
        Assert.That(log.SyncRefusedAsUnauthorized("weekly"), Is.False);
    }

    [Test]
    public void A_standby_orchestrator_is_named_as_the_lock_problem() =>
        Assert.That(NightlySyncLog.Parse([Event(NightlySyncLog.LockNotAcquired)])
            .SyncProblem("weekly"), Does.Contain("scheduler lock"));

    [Test]
    public void A_nightly_without_sync_events_says_sync_is_not_configured() =>
        Assert.That(NightlySyncLog.Parse([Event("nightly-job-complete")])
            .SyncProblem("daily"), Does.Contain("not configured"));

    [Test]
    public void No_nightly_at_all_is_named() =>
        Assert.That(NightlySyncLog.Parse(["Error: owner card invalid"])
            .SyncProblem("daily"), Does.Contain("never ran"));

    [Test]
    public void A_line_that_only_looks_like_json_is_not_an_event() =>
        Assert.That(NightlySyncLog.Parse(["{not json}", """{"fields":{"message":3}}""", """{"level":"INFO"}"""]).Events, Is.Empty);
}
