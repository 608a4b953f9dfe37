using System.Text.Json;
using Microsoft.Data.Sqlite;
using Simulator.Common;
using Simulator.State;

namespace Simulator.Orchestrator;

/// <summary>The scheduler cursors row (id 1): last discovery hour, commit slot and nightly date.</summary>
public sealed class Cursors
{
    public string? LastDiscoveryHour { get; set; }
    public string? LastCommitSlot { get; set; }
    public string? LastNightlyDate { get; set; }

    public static Cursors Load(SqliteConnection conn)
    {
        var payload = StateDb.Strings(conn, "SELECT payload_json FROM scheduler_cursors WHERE id = 1").FirstOrDefault();
        var cursors = new Cursors();
        if (payload is null) return cursors;
        using var doc = JsonDocument.Parse(payload);
        string? Get(string key) => doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;
        cursors.LastDiscoveryHour = Get("last_discovery_hour");
        cursors.LastCommitSlot = Get("last_commit_slot");
        cursors.LastNightlyDate = Get("last_nightly_date");
        return cursors;
    }

    public void Save(SqliteConnection conn, DateTimeOffset now)
    {
        var payload = $"{{\"last_discovery_hour\":{JsonText.Str(LastDiscoveryHour)},\"last_commit_slot\":{JsonText.Str(LastCommitSlot)},\"last_nightly_date\":{JsonText.Str(LastNightlyDate)}}}";
        StateDb.Execute(conn,
            "INSERT INTO scheduler_cursors (id, payload_json, updated_at) VALUES (1, $p, $u) ON CONFLICT(id) DO " +
                "UPDATE SET payload_json = $p, updated_at = $u",
            ("$p", payload), ("$u", Timestamps.Rfc3339Offset(now)));
    }

    public static string DiscoveryHourKey(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd-HH");

    public static string CommitSlotKey(DateTimeOffset now, int intervalMinutes) =>
        $"{now.UtcDateTime:yyyy-MM-dd-HH}-{now.UtcDateTime.Minute / Math.Max(1, intervalMinutes):D2}";
}
