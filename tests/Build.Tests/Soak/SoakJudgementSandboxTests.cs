using System.Globalization;
using global::Soak;
using Microsoft.Data.Sqlite;

namespace Build.Tests.Soak;

/// <summary>
/// The soak's judgement against the real simulator with the sandbox's soak faults, both engines: errors every other
/// sample spend the error budget, frozen or stalled metrics are stale, an orchestrator that exits mid-soak is named.
/// </summary>
[TestFixture, Parallelizable]
public sealed class SoakJudgementSandboxTests
{
    [TestCase(SoakEngineKind.Native)]
    [TestCase(SoakEngineKind.Script)]
    public async Task Http_500_every_other_sample_fails_on_the_error_budget(SoakEngineKind engine)
    {
        // Three GETs a sample, so every sixth request is one error every other sample.
        using var sandbox = new SoakSandbox("api-error-every=6");
        var result = await sandbox.RunAsync(sandbox.Settings(engine, samples: 10) with { ErrorBudget = 0.3 });

        Assert.That(result.Verdict.Passed, Is.False);
        Assert.That(result.Verdict.Summary, Does.Contain("error budget spent"));
        Assert.That(result.Verdict.Errors, Is.GreaterThan(3));
        Assert.That(result.Verdict.LongestErrorRun, Is.LessThanOrEqualTo(2), "no long run: only the budget fails it");
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [TestCase(SoakEngineKind.Native)]
    [TestCase(SoakEngineKind.Script)]
    public async Task Metrics_frozen_mid_soak_are_stale(SoakEngineKind engine)
    {
        using var sandbox = new SoakSandbox("metrics-freeze-after=3");
        await using var pipeline = new PipelineStandIn(sandbox.Workspace, rows: int.MaxValue);
        var result = await sandbox.RunAsync(Windowed(sandbox, engine, samples: 16));

        Assert.That(result.Verdict.Passed, Is.False, result.Verdict.Summary);
        Assert.That(result.Verdict.StaleMetrics, Does.StartWith("stale metrics: /metrics served other values"));
        Assert.That(result.Verdict.Summary, Does.Contain("stale metrics"));
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [TestCase(SoakEngineKind.Native)]
    [TestCase(SoakEngineKind.Script)]
    public async Task Metrics_that_keep_advancing_pass_with_the_orchestrator_alive(SoakEngineKind engine)
    {
        using var sandbox = new SoakSandbox();
        await using var pipeline = new PipelineStandIn(sandbox.Workspace, rows: int.MaxValue);
        var result = await sandbox.RunAsync(Windowed(sandbox, engine, samples: 10));

        Assert.That(result.Verdict.Passed, Is.True, result.Verdict.Summary);
        Assert.That(result.Samples.Select(s => s.OrchestratorAlive), Has.All.EqualTo(true));
        Assert.That(result.Samples.Last().MetricRows, Is.GreaterThan(result.Samples.First().MetricRows ?? 0));
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [Test]
    public async Task Metric_samples_that_stop_advancing_are_stale()
    {
        using var sandbox = new SoakSandbox();
        await using var pipeline = new PipelineStandIn(sandbox.Workspace, rows: 2);
        var result = await sandbox.RunAsync(Windowed(sandbox, SoakEngineKind.Native, samples: 20));

        Assert.That(result.Verdict.Passed, Is.False);
        Assert.That(result.Verdict.StaleMetrics, Does.StartWith("stale metrics: metric_samples did not advance"));
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [TestCase(SoakEngineKind.Native)]
    [TestCase(SoakEngineKind.Script)]
    public async Task An_orchestrator_that_exits_mid_soak_fails_it_by_name(SoakEngineKind engine)
    {
        // Alone: the script engine would count another soak's orchestrator as this one's.
        using var sandbox = new SoakSandbox("orchestrator-exit-after=8", alone: engine == SoakEngineKind.Script);
        // It exits 8 s after its start, which comes before the API's: the 12th sample, 11 intervals after the first,
        // is past it. The script engine takes every sample of so short a soak (it stops no soak early that has less
        // than its stall window left), so each more is paid.
        var result = await sandbox.RunAsync(sandbox.Settings(engine, samples: 12));

        Assert.That(result.Verdict.Passed, Is.False);
        var alive = string.Join(",", result.Samples.Select(s => s.OrchestratorAlive));
        Assert.That(result.Verdict.OrchestratorGone, Is.True, $"{result.Verdict.Summary}; alive: {alive}");
        Assert.That(result.Verdict.Summary, Does.Contain("the orchestrator the soak started was gone at sample"));
        Assert.That(result.Samples.First().OrchestratorAlive, Is.True, $"it ran at first; alive: {alive}");
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    // Rows come every 2 s: the window outlasts two of them, and the soaks (9 s and more) the window. A db read seconds
    // after a sample (the script engine's, on a loaded machine) does not count: a sample is judged by the rows of its
    // own time.
    private static SoakSettings Windowed(SoakSandbox sandbox, SoakEngineKind engine, int samples) =>
        sandbox.Settings(engine, samples) with { StaleMetricsWindow = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// Writes metric_samples rows as the orchestrator's commit windows do, every 2 s (faster than the real 30 min, so a
    /// short soak has a pipeline to watch), each with a buffer one minute higher, into the workspace's real state db.
    /// </summary>
    private sealed class PipelineStandIn : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public PipelineStandIn(string workspace, int rows) =>
            _run = RunAsync(Path.Combine(workspace, "runtime", "state", "vvtv.db"), rows, _stop.Token);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _run; } catch (OperationCanceledException) { }
            _stop.Dispose();
        }

        private static async Task RunAsync(string db, int rows, CancellationToken ct)
        {
            for (var i = 0; i < rows; i++)
            {
                while (!TryInsert(db, 60 + i)) await Task.Delay(200, ct);
                await Task.Delay(2000, ct);
            }
        }

        private static bool TryInsert(string db, int buffer)
        {
            if (!File.Exists(db)) return false;
            try
            {
                using var connection = new SqliteConnection($"Data Source={db};Pooling=False;Default Timeout=5");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO metric_samples (ts, payload_json) VALUES ($ts, $p)";
                command.Parameters.AddWithValue("$ts", DateTimeOffset.UtcNow.UtcDateTime
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00:00");
                command.Parameters.AddWithValue("$p", $"{{\"buffer_minutes\":{buffer},\"plans_created\":6,"
                    + "\"plans_committed\":6,\"qa_pass_rate\":1.0,\"fallback_rate\":0.0,\"curator_actions\":0,"
                    + "\"stream_disruptions\":0}");
                command.ExecuteNonQuery();
                return true;
            }
            catch (SqliteException) { return false; }
        }
    }
}
