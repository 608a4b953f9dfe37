using Microsoft.Data.Sqlite;

namespace Simulator.State;

/// <summary>Opens the VVTV SQLite state db, creating folders, file and every table of §5.10 when missing.</summary>
public static class StateDb
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS plans (plan_id TEXT PRIMARY KEY, payload_json TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS assets (asset_id TEXT PRIMARY KEY, payload_json TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS queue_entries (entry_id TEXT PRIMARY KEY, start_at TEXT NOT NULL, payload_json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS audit_events (event_id TEXT PRIMARY KEY, ts TEXT NOT NULL, payload_json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS metric_samples (ts TEXT NOT NULL, payload_json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS scheduler_cursors (id INTEGER PRIMARY KEY CHECK (id = 1), payload_json TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS scheduler_locks (lock_name TEXT PRIMARY KEY, owner_id TEXT NOT NULL, acquired_at TEXT NOT NULL, expires_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alert_states (code TEXT PRIMARY KEY, active INTEGER NOT NULL, last_notified_at TEXT, updated_at TEXT NOT NULL);
        """;

    public static SqliteConnection Open(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // No pooling so that files are released at once (backups, tests); 5 s busy timeout as in VVTV.
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Pooling = false,
            DefaultTimeout = 5 }.ToString();
        var conn = new SqliteConnection(cs);
        conn.Open();
        Execute(conn, "PRAGMA busy_timeout = 5000;");
        Execute(conn, Schema);
        return conn;
    }

    public static int Execute(SqliteConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(conn, sql, args);
        return cmd.ExecuteNonQuery();
    }

    public static long Count(SqliteConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(conn, sql, args);
        return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L);
    }

    public static List<string> Strings(SqliteConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(conn, sql, args);
        using var reader = cmd.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    public static SqliteCommand Command(SqliteConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}
