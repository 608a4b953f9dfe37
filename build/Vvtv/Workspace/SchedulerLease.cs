using Microsoft.Data.Sqlite;

namespace Vvtv;

/// <summary>
/// The orchestrator's <c>scheduler-main</c> lock row in the state db: a run-once orchestrator
/// does nothing while another owner's lease is alive, so a caller that must run one waits for the lease's
/// <c>expires_at</c>, not a
/// guess.
/// </summary>
public static class SchedulerLease
{
    public const string LockName = "scheduler-main";

    /// <summary>When the current holder's lease runs out; null when there is no holder or the db cannot be
    /// read.</summary>
    public static DateTimeOffset? ExpiresAt(string stateDb) => Holder(stateDb)?.ExpiresAt;

    /// <summary>The current holder of the lock; null when there is none or the db cannot be read.</summary>
    public static SchedulerLockHolder? Holder(string stateDb)
    {
        if (!File.Exists(stateDb)) return null;
        try
        {
            using var connection = Open(stateDb, SqliteOpenMode.ReadOnly);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT owner_id, acquired_at, expires_at FROM scheduler_locks WHERE " +
                "lock_name = $name";
            command.Parameters.AddWithValue("$name", LockName);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            return Timestamps.TryParseRfc3339(reader.GetString(1), out var acquired)
                && Timestamps.TryParseRfc3339(reader.GetString(2), out var expires)
                ? new SchedulerLockHolder(reader.GetString(0), acquired, expires)
                : null;
        }
        catch (SqliteException)
        {
            // No such table yet, or locked beyond the timeout: the caller falls back to a short retry.
            return null;
        }
    }

    /// <summary>
    /// Deletes the lock row of <paramref name="ownerId"/> only, as the orchestrator itself does when it ends cleanly:
    /// for the lease of an
    /// orchestrator the caller started and has stopped (a killed one cannot release it and leaves it for up to 30 s).
    /// True when a row went.
    /// </summary>
    public static bool ReleaseStopped(string stateDb, string ownerId)
    {
        if (!File.Exists(stateDb)) return false;
        try
        {
            using var connection = Open(stateDb, SqliteOpenMode.ReadWrite);
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM scheduler_locks WHERE lock_name = $name AND owner_id = $owner";
            command.Parameters.AddWithValue("$name", LockName);
            command.Parameters.AddWithValue("$owner", ownerId);
            return command.ExecuteNonQuery() > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static SqliteConnection Open(string stateDb, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = stateDb, Mode = mode,
            Pooling = false, DefaultTimeout = 2 }.ToString());
        connection.Open();
        return connection;
    }
}

/// <summary>Who holds the scheduler lock, since when and until when.</summary>
public sealed record SchedulerLockHolder(string OwnerId, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
