using Microsoft.Data.Sqlite;

namespace Soak;

/// <summary>
/// Reads how far the state db's metric_samples table has got (row count and newest ts): the orchestrator adds a row at
/// every commit window, so a table that stops advancing means the metrics the API serves are stale (or placeholders).
/// </summary>
public static class MetricSamplesProbe
{
    /// <summary>Rows and newest ts; both null when the db or the table cannot be read (never read as advancing).</summary>
    public static (long? Rows, string? Newest) Read(string stateDb)
    {
        if (!File.Exists(stateDb)) return (null, null);
        try
        {
            var cs = new SqliteConnectionStringBuilder
            {
                DataSource = stateDb, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 2,
            };
            using var connection = new SqliteConnection(cs.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), MAX(ts) FROM metric_samples";
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return (null, null);
            return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        }
        catch (SqliteException)
        {
            return (null, null);
        }
    }
}
