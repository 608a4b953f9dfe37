using Microsoft.Data.Sqlite;

namespace Sandbox.Tests.Simulator.Support;

/// <summary>Seeds rows into a workspace's state db, the way the orchestrator would have written them.</summary>
public static class StateRows
{
    public static void Sample(string dbPath, DateTimeOffset ts, long buffer, float qa, float fallback) =>
        Exec(dbPath, "INSERT INTO metric_samples (ts, payload_json) VALUES ($ts, $p)",
            ("$ts", ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'")),
            ("$p", $"{{\"buffer_minutes\":{buffer},\"plans_created\":4,\"plans_committed\":4,\"qa_pass_rate\":{qa.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"fallback_rate\":{fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"curator_actions\":1,\"stream_disruptions\":0}}"));

    public static void Audit(string dbPath, DateTimeOffset ts, string reasonCode)
    {
        var id = Guid.NewGuid().ToString();
        Exec(dbPath, "INSERT INTO audit_events (event_id, ts, payload_json) VALUES ($id, $ts, $p)",
            ("$id", id), ("$ts", ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'")),
            ("$p", $"{{\"event_id\":\"{id}\",\"ts\":\"x\",\"actor\":\"system\",\"module\":\"vvtv-discovery\",\"action\":\"a\",\"before\":null,\"after\":null,\"decision_score\":null,\"reason_code\":\"{reasonCode}\"}}"));
    }

    public static void Exec(string dbPath, string sql, params (string, object)[] args)
    {
        using var conn = Open(dbPath);
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The single integer a query such as <c>SELECT COUNT(*) …</c> returns.</summary>
    public static long Count(string dbPath, string sql)
    {
        using var conn = Open(dbPath);
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    private static SqliteConnection Open(string dbPath)
    {
        var conn = new SqliteConnection($"Data Source={dbPath};Pooling=False;Default Timeout=5");
        conn.Open();
        return conn;
    }
}
