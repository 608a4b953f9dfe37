using System.Globalization;
using Build.Tests.Vvtv;
using global::Soak;
using Microsoft.Data.Sqlite;
using static Build.Tests.Soak.SoakBodies;

namespace Build.Tests.Soak;

/// <summary>
/// Whether /metrics lagged the state db, judged on a real SQLite metric_samples table read after the sample, as the
/// soak reads it (seconds after on a loaded machine, when the script's log line is read): a sample is compared with
/// the row that was newest at its own time, or a newer one, never with rows the pipeline wrote after it.
/// </summary>
public sealed class MetricsLagTests
{
    [Test]
    public void A_row_written_after_a_healthy_sample_but_before_the_late_db_read_is_no_lag()
    {
        using var workspace = new ScratchDir();
        Rows(workspace, (-10, 60), (3, 61));

        var sample = Added(workspace, ServingBuffer60());

        Assert.That(sample.MetricsLagging, Is.False, "the row of T0+3 s did not exist when the API was sampled");
        Assert.That((sample.MetricRows, sample.MetricsNewest), Is.EqualTo((2L, Ts(3))), "the table as read");
    }

    [Test]
    public void An_api_serving_a_row_older_than_the_one_newest_at_the_sample_lags()
    {
        using var workspace = new ScratchDir();
        Rows(workspace, (-20, 60), (-10, 61));

        Assert.That(Added(workspace, ServingBuffer60()).MetricsLagging, Is.True);
    }

    [Test]
    public void A_row_written_between_the_samples_time_and_its_metrics_request_is_no_lag()
    {
        // The script's sample time is its log line's, to the second, taken before its GETs.
        using var workspace = new ScratchDir();
        Rows(workspace, (-10, 59), (0.4, 60), (2, 61));

        Assert.That(Added(workspace, ServingBuffer60()).MetricsLagging, Is.False);
    }

    [Test]
    public void Before_the_first_row_the_apis_placeholders_are_not_judged()
    {
        using var workspace = new ScratchDir();
        Rows(workspace, (2, 61));

        Assert.That(Added(workspace, ServingBuffer60()).MetricsLagging, Is.Null);
    }

    // Sample 0, taken at T0: /metrics served buffer 60, no disruption.
    private static SoakSampleRecord ServingBuffer60() =>
        SampleJudge.Judge(0, T0, new(200, Status, 1, null), new(200, Metrics, 1, null), new(200, Alerts, 1, null));

    private static SoakSampleRecord Added(ScratchDir workspace, SoakSampleRecord sample)
    {
        var settings = new SoakSettings { Engine = SoakEngineKind.Native, Schedule = SoakSchedule.Create(0, 1, 1) };
        var evidence = Path.Combine(workspace.Path, "evidence");
        Directory.CreateDirectory(evidence);
        var journal = new SamplesJournal(Path.Combine(evidence, SamplesJournal.FileName));
        var session = new SoakSession(new SoakWorkspace(workspace.Path, new Dictionary<string, string?>()), evidence,
            SoakPlan.Start(settings, evidence, T0), journal, new SoakTally(settings));
        session.Add(sample, orchestratorAlive: null);
        journal.Close();
        return session.LastAdded!;
    }

    // metric_samples rows (seconds from T0, buffer) in the workspace's state db, ts as the orchestrator writes it.
    private static void Rows(ScratchDir workspace, params (double Seconds, int Buffer)[] rows)
    {
        var db = Path.Combine(workspace.Path, "runtime", "state", "vvtv.db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE metric_samples (ts TEXT NOT NULL, payload_json TEXT NOT NULL)";
        create.ExecuteNonQuery();
        foreach (var (seconds, buffer) in rows)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO metric_samples (ts, payload_json) VALUES ($ts, $p)";
            insert.Parameters.AddWithValue("$ts", Ts(seconds));
            insert.Parameters.AddWithValue("$p", $"{{\"buffer_minutes\":{buffer},\"plans_created\":1,"
                + "\"plans_committed\":1,\"qa_pass_rate\":1.0,\"fallback_rate\":0.0,\"curator_actions\":0,"
                + "\"stream_disruptions\":0}");
            insert.ExecuteNonQuery();
        }
    }

    private static string Ts(double seconds) =>
        T0.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)
        + "00+00:00"; // nine fractional digits, as chrono writes them
}
