using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Soak;

/// <summary>
/// How far the state db's metric_samples table has got: row count, newest ts and the newest row's buffer and
/// disruptions. The orchestrator adds a row at every commit window and the API serves the newest row, so a table that
/// stops advancing, or an API that keeps serving other values than the newest row, means stale metrics.
/// </summary>
public sealed record MetricSamplesReading(long Rows, string? Newest, double? BufferMinutes, double? StreamDisruptions)
{
    /// <summary>The reading; null when the db or the table cannot be read (which never counts as advancing).</summary>
    public static MetricSamplesReading? Read(string stateDb)
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
            using var command = connection.CreateCommand();
            // The API picks the newest row by its ts string; so does this.
            command.CommandText = "SELECT (SELECT COUNT(*) FROM metric_samples), ts, payload_json FROM metric_samples "
                + "ORDER BY ts DESC LIMIT 1";
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return new MetricSamplesReading(0, null, null, null);
            var (buffer, disruptions) = Payload(reader.GetString(2));
            return new MetricSamplesReading(reader.GetInt64(0), reader.GetString(1), buffer, disruptions);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>Whether /metrics served what the newest row says (null when either side is unknown).</summary>
    public bool? Matches(SoakSampleRecord served) =>
        BufferMinutes is null || served.BufferMinutes is null ? null
        : BufferMinutes == served.BufferMinutes && StreamDisruptions == served.StreamDisruptions;

    private static (double?, double?) Payload(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return (Number(doc.RootElement, "buffer_minutes"), Number(doc.RootElement, "stream_disruptions"));
        }
        catch (JsonException) { return (null, null); }
    }

    private static double? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name,
            out var v) && v.TryGetDouble(out var d) ? d : null;
}
