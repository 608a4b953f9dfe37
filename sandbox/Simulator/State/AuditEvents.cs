using Microsoft.Data.Sqlite;
using Simulator.Common;

namespace Simulator.State;

/// <summary>Appends AuditEvent rows (§5.10) with `actor` always `system`.</summary>
public static class AuditEvents
{
    public static void Append(SqliteConnection conn, DateTimeOffset now, string module, string action,
        string reasonCode, double? score)
    {
        var id = Guid.NewGuid().ToString();
        var payload = "{" +
            $"\"event_id\":{JsonText.Str(id)},\"ts\":{JsonText.Str(Timestamps.Rfc3339Z(now))},\"actor\":\"system\"," +
            $"\"module\":{JsonText.Str(module)},\"action\":{JsonText.Str(action)},\"before\":null,\"after\":null," +
            $"\"decision_score\":{(score is { } s ? Numbers.Json((float)s) : "null")},\"reason_code\":{JsonText.Str(reasonCode)}}}";
        StateDb.Execute(conn, "INSERT INTO audit_events (event_id, ts, payload_json) VALUES ($id, $ts, $p)",
            ("$id", id), ("$ts", Timestamps.Rfc3339Offset(now)), ("$p", payload));
    }
}
