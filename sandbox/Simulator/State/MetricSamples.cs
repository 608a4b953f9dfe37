using Microsoft.Data.Sqlite;
using Simulator.Common;

namespace Simulator.State;

/// <summary>Reads and writes rows of the `metric_samples` table.</summary>
public static class MetricSamples
{
    public static void Save(SqliteConnection conn, DateTimeOffset now, PipelineMetrics m) =>
        StateDb.Execute(conn, "INSERT INTO metric_samples (ts, payload_json) VALUES ($ts, $p)",
            ("$ts", Timestamps.Rfc3339Offset(now)), ("$p", m.ToCompactJson()));

    /// <summary>The newest samples by `ts` string, newest first.</summary>
    public static List<PipelineMetrics> Latest(SqliteConnection conn, int count) =>
        StateDb.Strings(conn, "SELECT payload_json FROM metric_samples ORDER BY ts DESC LIMIT $n", ("$n", count))
            .Select(PipelineMetrics.FromJson).ToList();

    public static List<PipelineMetrics> InRange(SqliteConnection conn, string from, string to) =>
        StateDb.Strings(conn, "SELECT payload_json FROM metric_samples WHERE ts >= $a AND ts < $b", ("$a", from),
            ("$b", to))
            .Select(PipelineMetrics.FromJson).ToList();
}
