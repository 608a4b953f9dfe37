using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Soak;

/// <summary>
/// How far the state db's metric_samples table has got (row count, newest ts) and which rows /metrics could rightly
/// have served at a sample's time: the row newest then, and any written since. The orchestrator adds a row at every
/// commit window and the API serves the newest row, so a table that stops advancing, or an API that keeps serving
/// values older than the newest row, means stale metrics.
/// </summary>
public sealed record MetricSamplesReading(
    long Rows, string? Newest, MetricValues? Due, IReadOnlyList<MetricValues> Since)
{
    // Rows written between a sample and its read: a handful even when the read lands long after (the real pipeline
    // writes one every commit window); the cap keeps a read after a long pause small.
    private const int MaxSince = 100;

    /// <summary>
    /// The reading for a sample taken at <paramref name="sampledAt"/>, however long after that it is made; null when
    /// the db or the table cannot be read (which never counts as advancing).
    /// </summary>
    public static MetricSamplesReading? Read(string stateDb, DateTimeOffset sampledAt)
    {
        if (!File.Exists(stateDb)) return null;
        try
        {
            var cs = new SqliteConnectionStringBuilder
            {
                DataSource = stateDb, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 2,
            };
            using var connection = new SqliteConnection(cs.ToString());
            connection.Open();
            // One transaction, so the count, the newest and the rows around the sample are one snapshot.
            using var snapshot = connection.BeginTransaction();
            // The API picks the newest row by its ts string; so does this. ts is RFC 3339 in UTC with "+00:00" and 0 to
            // 9 fractional digits, which compare as strings in time order with the sample's time written the same way.
            var at = sampledAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'",
                CultureInfo.InvariantCulture);
            var (rows, newest) = Scalars(connection, "SELECT COUNT(*), MAX(ts) FROM metric_samples");
            var due = Payloads(connection, "ts <= $at ORDER BY ts DESC LIMIT 1", at);
            var since = Payloads(connection, $"ts > $at ORDER BY ts LIMIT {MaxSince}", at);
            return new MetricSamplesReading(rows, newest, due.FirstOrDefault(), since);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether /metrics served the row newest at the sample's time or a newer one; null when that cannot be told (no
    /// row yet then, so the API's placeholders were right, or a value unknown on either side).
    /// </summary>
    public bool? Matches(SoakSampleRecord served)
    {
        if (served.BufferMinutes is null) return null;
        var values = new MetricValues(served.BufferMinutes, served.StreamDisruptions);
        if (Due == values || Since.Contains(values)) return true;
        return Due?.BufferMinutes is null ? null : false;
    }

    private static (long Rows, string? Newest) Scalars(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private static List<MetricValues> Payloads(SqliteConnection connection, string where, string at)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT payload_json FROM metric_samples WHERE {where}";
        command.Parameters.AddWithValue("$at", at);
        using var reader = command.ExecuteReader();
        var payloads = new List<MetricValues>();
        while (reader.Read()) payloads.Add(MetricValues.Of(reader.GetString(0)));
        return payloads;
    }
}
