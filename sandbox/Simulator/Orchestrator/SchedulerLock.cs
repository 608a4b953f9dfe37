using Microsoft.Data.Sqlite;
using Simulator.Common;
using Simulator.State;

namespace Simulator.Orchestrator;

/// <summary>The `scheduler-main` row lock: one owner UUID per process, 30 s TTL, refreshed each iteration.</summary>
public sealed class SchedulerLock(string ownerId)
{
    public const string Name = "scheduler-main";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    public string OwnerId { get; } = ownerId;

    /// <summary>Takes or refreshes the lock; false when another live owner holds it.</summary>
    public bool TryAcquire(SqliteConnection conn, DateTimeOffset now)
    {
        using var tx = conn.BeginTransaction(deferred: false);
        string? owner = null, expires = null;
        using (var cmd = StateDb.Command(conn, "SELECT owner_id, expires_at FROM scheduler_locks WHERE lock_name = $n",
            ("$n", Name)))
        {
            cmd.Transaction = tx;
            using var r = cmd.ExecuteReader();
            if (r.Read()) { owner = r.GetString(0); expires = r.GetString(1); }
        }
        if (owner is not null && owner != OwnerId && DateTimeOffset.TryParse(expires, out var until) && until > now)
            return false;
        using (var cmd = StateDb.Command(conn,
            "INSERT INTO scheduler_locks (lock_name, owner_id, acquired_at, expires_at) VALUES ($n, $o, $a, $e) " +
            "ON CONFLICT(lock_name) DO UPDATE SET owner_id = $o, acquired_at = CASE WHEN owner_id = $o THEN " +
                "acquired_at ELSE $a END, expires_at = $e",
            ("$n", Name), ("$o", OwnerId), ("$a", Timestamps.Rfc3339Offset(now)),
                ("$e", Timestamps.Rfc3339Offset(now + Ttl))))
        {
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return true;
    }

    public void Release(SqliteConnection conn) =>
        StateDb.Execute(conn, "DELETE FROM scheduler_locks WHERE lock_name = $n AND owner_id = $o", ("$n", Name),
            ("$o", OwnerId));
}
