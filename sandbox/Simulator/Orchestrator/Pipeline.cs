using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Simulator.Common;
using Simulator.State;

namespace Simulator.Orchestrator;

/// <summary>The orchestrator jobs on the deterministic mock path: discovery, commit, recovery, nightly (§5.3-5.6,
/// §5.9).</summary>
public sealed class Pipeline(OwnerCard.OwnerCard card, JsonLog log, CloudSync sync)
{
    private const int EntryMinutes = 10;
    private const int MockHeight = 720;

    public void Discover(SqliteConnection conn)
    {
        var now = DateTimeOffset.UtcNow;
        var accepted = MockCandidates.For(card).Where(c => MockCandidates.Accepted(c, card)).ToList();
        foreach (var c in accepted)
        {
            var id = Guid.NewGuid().ToString();
            StateDb.Execute(conn, "INSERT INTO plans (plan_id, payload_json, updated_at) VALUES ($id, $p, $u)",
                ("$id", id), ("$p", MockCandidates.PlanJson(id, c, now)), ("$u", Timestamps.Rfc3339Offset(now)));
        }
        AuditEvents.Append(conn, now, "vvtv-discovery", "discover-window", "DISCOVERY_WINDOW_OK", accepted.Count);
        log.Info("discovery-window-complete", ("plans_created", accepted.Count.ToString()));
    }

    public async Task CommitAsync(SqliteConnection conn)
    {
        if (StateDb.Count(conn, "SELECT COUNT(*) FROM plans") == 0) Discover(conn);
        var now = DateTimeOffset.UtcNow;
        var plans = LoadPlans(conn);
        var horizon = now.AddHours(card.CommitLeadHours);
        var fetched = plans
            .Where(p => p.State == "Scheduled" && p.DiscoveredAt <= horizon)
            .OrderBy(p => p.DiscoveredAt).Take(card.BufferTargetMinutes / EntryMinutes).ToList();

        var assets = fetched.Select(p => (Id: Guid.NewGuid().ToString(), PlanId: p.Id,
            Passed: MockHeight >= card.MinResolutionHeight)).ToList();
        foreach (var a in assets) SaveAsset(conn, a.Id, a.PlanId, a.Passed);

        var queue = assets.Where(a => a.Passed).Select(a => (AssetId: a.Id, Slot: "Main", Level: 0)).ToList();
        var emergency = queue.Count * EntryMinutes < card.BufferCriticalMinutes;
        if (emergency)
            queue.AddRange(assets.Take(3).Select(a => (AssetId: a.Id, Slot: "Emergency", Level: 2)));
        var traces = new string?[queue.Count];
        var curatorActions = 0UL;
        if (card.CuratorAutoApply && queue.Count >= 3)
        {
            (queue[1], queue[2]) = (queue[2], queue[1]);
            traces[1] = Guid.NewGuid().ToString();
            traces[2] = Guid.NewGuid().ToString();
            curatorActions = 1;
        }

        StateDb.Execute(conn, "DELETE FROM queue_entries");
        for (var i = 0; i < queue.Count; i++)
        {
            var id = Guid.NewGuid().ToString();
            var start = now.AddMinutes(i * EntryMinutes);
            var payload = $"{{\"entry_id\":{JsonText.Str(id)},\"asset_id\":{JsonText.Str(queue[i].AssetId)},\"start_at\":{JsonText.Str(Timestamps.Rfc3339Z(start))}," +
                          $"\"slot_type\":\"{queue[i].Slot}\",\"fallback_level\":{queue[i].Level},\"curation_trace_id\":{JsonText.Str(traces[i])}}}";
            StateDb.Execute(conn, "INSERT INTO queue_entries (entry_id, start_at, payload_json) VALUES ($id, $s, $p)",
                ("$id", id), ("$s", Timestamps.Rfc3339Offset(start)), ("$p", payload));
        }
        var (hlsPath, hlsBytes) = HlsWriter.Write(queue.Select(q => q.AssetId).ToList());

        var passed = assets.Count(a => a.Passed);
        var metrics = new PipelineMetrics(
            queue.Count * EntryMinutes, (ulong)plans.Count, (ulong)fetched.Count,
            assets.Count == 0 ? 0f : (float)passed / assets.Count,
            plans.Count == 0 ? 0f : (float)(plans.Count - fetched.Count) / plans.Count,
            curatorActions, emergency ? 1UL : 0UL);
        MetricSamples.Save(conn, now, metrics);
        AuditEvents.Append(conn, now, "vvtv-commit", "commit-window", "COMMIT_WINDOW_OK", fetched.Count);

        log.Info("commit-window-complete",
            ("recovery", "false"),
            ("buffer_minutes", metrics.BufferMinutes.ToString()), ("plans_created", metrics.PlansCreated.ToString()),
            ("plans_committed", metrics.PlansCommitted.ToString()), ("qa_pass_rate", Numbers.Json(metrics.QaPassRate)),
            ("fallback_rate", Numbers.Json(metrics.FallbackRate)),
                ("curator_actions", metrics.CuratorActions.ToString()),
            ("stream_disruptions", metrics.StreamDisruptions.ToString()),
            ("playlist_segments", queue.Count.ToString()), ("playlist_bytes", hlsBytes.ToString()),
            ("hls_playlist_path", JsonText.Str(hlsPath)), ("hls_segment_count_estimate", queue.Count.ToString()),
            ("audit_events", StateDb.Count(conn, "SELECT COUNT(*) FROM audit_events").ToString()));
        await sync.PushAsync("status", "/v1/ingest/status", metrics.ToCompactJson());
        JsonLog.Write(metrics.ToPrettyJson());
    }

    public void RecoverIfNeeded(SqliteConnection conn)
    {
        var queue = StateDb.Strings(conn, "SELECT payload_json FROM queue_entries ORDER BY start_at");
        if (queue.Count == 0 || StateDb.Count(conn, "SELECT COUNT(*) FROM assets") == 0) return;
        var now = DateTimeOffset.UtcNow;
        HlsWriter.Write(queue.Select(q => Field(q, "asset_id") ?? "").ToList());
        var metrics = StoredStateSample(conn, queue);
        MetricSamples.Save(conn, now, metrics);
        AuditEvents.Append(conn, now, "vvtv-orchestrator", "recover", "RECOVERY_APPLIED", metrics.BufferMinutes);
        log.Info("pipeline-recovered-from-sqlite", ("queue_entries", queue.Count.ToString()),
            ("buffer_minutes", metrics.BufferMinutes.ToString()));
    }

    public async Task NightlyAsync(SqliteConnection conn)
    {
        var now = DateTimeOffset.UtcNow;
        var metrics = StoredStateSample(conn, StateDb.Strings(conn, "SELECT payload_json FROM queue_entries"));
        MetricSamples.Save(conn, now, metrics);
        var action = !card.AutotuneEnabled ? "autotune-disabled"
            : metrics.FallbackRate > 0.3f ? $"increase-reserve-pool-by-{Math.Min(card.MaxDailyAdjustmentPct, 3f):0.0}%"
            : metrics.QaPassRate < 0.8f ? "tighten-quality-thresholds-within-daily-limit"
            : "no-change";
        AuditEvents.Append(conn, now, "vvtv-nightly", "nightly-job", action, null);

        var audits = StateDb.Strings(conn, "SELECT payload_json FROM audit_events ORDER BY ts");
        Directory.CreateDirectory(Paths.Exports);
        File.WriteAllText(Path.Combine(Paths.Exports, $"audit-{Timestamps.Date(now.UtcDateTime)}.json"),
            PrettyArray(audits));

        var cutoff = Timestamps.Rfc3339Offset(now.AddDays(-90));
        var deleted = StateDb.Execute(conn, "DELETE FROM audit_events WHERE ts < $c", ("$c", cutoff))
                    + StateDb.Execute(conn, "DELETE FROM metric_samples WHERE ts < $c", ("$c", cutoff));

        var daily = $"{{\"date\":{JsonText.Str(Timestamps.Date(now.UtcDateTime))},\"summary\":{JsonText.Str($"nightly export_count={audits.Count} deleted_count={deleted}")},\"metrics\":{metrics.ToCompactJson()}}}";
        await sync.PushAsync("daily", "/v1/ingest/daily", daily);
        var weekly = $"{{\"week\":{JsonText.Str(Timestamps.IsoWeek(now.UtcDateTime))},\"summary\":\"weekly rollup " +
            $"from the nightly job\",\"metrics\":{metrics.ToCompactJson()}}}";
        await sync.PushAsync("weekly", "/v1/ingest/weekly", weekly);
        log.Info("nightly-job-complete", ("nightly_action", JsonText.Str(action)),
            ("exported_count", audits.Count.ToString()), ("deleted_count", deleted.ToString()));
    }

    /// <summary>The recovery/nightly sample: computed from stored queue and assets, fallback always 0.</summary>
    private static PipelineMetrics StoredStateSample(SqliteConnection conn, List<string> queue)
    {
        var assets = StateDb.Strings(conn, "SELECT payload_json FROM assets");
        var passed = assets.Count(a => Field(a, "qa_status") == "Passed");
        return new PipelineMetrics(
            queue.Count * EntryMinutes,
            (ulong)StateDb.Count(conn, "SELECT COUNT(*) FROM plans"),
            (ulong)assets.Count,
            assets.Count == 0 ? 0f : (float)passed / assets.Count,
            0f,
            (ulong)queue.Count(q => Field(q, "curation_trace_id") is not null),
            0);
    }

    private void SaveAsset(SqliteConnection conn, string id, string planId, bool passed)
    {
        var checksum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        var payload = $"{{\"asset_id\":{JsonText.Str(id)},\"plan_id\":{JsonText.Str(planId)},\"local_path\":{JsonText.Str($"runtime/prepared/{id}.mp4")}," +
                      $"\"checksum\":{JsonText.Str(checksum)},\"resolution\":{{\"width\":1280,\"height\":{MockHeight}}}," +
                      $"\"audio_lufs\":{Numbers.Json(card.TargetAudioLufs)},\"qa_status\":\"{(passed ? "Passed" : "Rejected")}\"}}";
        StateDb.Execute(conn,
            "INSERT OR REPLACE INTO assets (asset_id, payload_json, updated_at) VALUES ($id, $p, datetime('now'))",
            ("$id", id), ("$p", payload));
    }

    private sealed record Plan(string Id, string State, DateTimeOffset DiscoveredAt);

    private static List<Plan> LoadPlans(SqliteConnection conn) =>
        StateDb.Strings(conn, "SELECT payload_json FROM plans").Select(p => new Plan(
            Field(p, "plan_id") ?? "", Field(p, "state") ?? "",
            DateTimeOffset.TryParse(Field(p, "discovered_at"), out var t) ? t : DateTimeOffset.MinValue)).ToList();

    private static string? Field(string payload, string name)
    {
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()
            : null;
    }

    /// <summary>serde_json pretty array: 2-space indent, `[]` when empty, no trailing newline.</summary>
    private static string PrettyArray(List<string> items)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            w.WriteStartArray();
            foreach (var item in items)
            {
                using var doc = JsonDocument.Parse(item);
                doc.RootElement.WriteTo(w);
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
