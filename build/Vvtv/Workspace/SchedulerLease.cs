using Microsoft.Data.Sqlite;

namespace Vvtv;

/// <summary>
/// The orchestrator's <c>scheduler-main</c> lock row in the state db (contract §5.2, §5.10): a run-once orchestrator does nothing
/// while another owner's lease is alive, so a caller that must run one waits for the lease's <c>expires_at</c>, not a guess.
/// </summary>
public static class SchedulerLease
{
    public const string LockName = "scheduler-main";

    /// <summary>When the current holder's lease runs out; null when there is no holder or the db cannot be read.</summary>
    public static DateTimeOffset? ExpiresAt(string stateDb)
    {
        if (!File.Exists(stateDb)) return null;
        try
        {
            var cs = new SqliteConnectionStringBuilder { DataSource = stateDb, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 2 }.ToString();
            using var connection = new SqliteConnection(cs);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT expires_at FROM scheduler_locks WHERE lock_name = $name";
            command.Parameters.AddWithValue("$name", LockName);
            return command.ExecuteScalar() is string text && Timestamps.TryParseRfc3339(text, out var at) ? at : null;
        }
        catch (SqliteException)
        {
            // No such table yet, or locked beyond the timeout: the caller falls back to a short retry.
            return null;
        }
    }
}
