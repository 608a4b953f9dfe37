using System.Globalization;
using Engine;
using Serilog;
using Vvtv;

namespace Soak;

/// <summary>
/// Runs the workspace's scripts/vvtv-soak.sh with the checklist's variables and watches it: every sample it logs is
/// judged by the build as it lands (with metric_samples and the orchestrator it started, which the script never
/// checks), a deadline (length + boot timeout + grace) and a stall detector (no new sample for three intervals, at
/// least 30 s) stop its process group, and its own verdict is only one input. A resumed soak runs it for the samples
/// still missing.
/// </summary>
public static class ScriptSoakEngine
{
    public const string Script = "scripts/vvtv-soak.sh";
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<EngineReport> RunAsync(SoakSession session, ISoakProgress progress, CancellationToken ct)
    {
        var plan = session.Plan;
        var settings = plan.Settings;
        var fresh = session.Next == 0;
        var remaining = session.Remaining;
        // Fresh: the script's own parameters, meaning and all. Resumed: exactly the samples still missing (hours 0, a
        // cap).
        var hours = fresh ? settings.Schedule.WholeHours : 0;
        var max = fresh ? plan.MaxSamples : remaining;
        var length = settings.Schedule.Interval * remaining;
        var deadline = length + settings.BootTimeout + settings.DeadlineGrace;
        var summaryPath = Path.Combine(plan.OutDir, SummaryText.FileName);
        Directory.CreateDirectory(plan.OutDir);
        File.Delete(summaryPath); // only a summary this run writes counts
        var tail = new ScriptLogTail(plan.OutDir, session.Next);
        var command = session.Workspace.Command(Path.Combine(session.Workspace.Root, Script), [],
            new Dictionary<string, string?>
            {
                ["VVTV_SOAK_HOURS"] = hours.ToString(CultureInfo.InvariantCulture),
                ["VVTV_SOAK_INTERVAL_SECS"] = plan.IntervalSecs.ToString(CultureInfo.InvariantCulture),
                ["VVTV_SOAK_MAX_SAMPLES"] = max.ToString(CultureInfo.InvariantCulture),
                ["VVTV_SOAK_OUT_DIR"] = plan.OutDir,
                ["VVTV_SOAK_RUN_API"] = settings.RunApi ? "1" : "0",
                ["VVTV_SOAK_RUN_ORCH"] = settings.RunOrchestrator ? "1" : "0",
                ["VVTV_SOAK_BOOT_TIMEOUT_SECS"] = Whole(settings.BootTimeout),
                ["VVTV_API_URL"] = settings.ApiUrl,
            });
        Log.Information("Running {Script:l} for {Samples} samples every {Interval} s, deadline {Deadline:l} s", Script,
            remaining, plan.IntervalSecs, Whole(deadline));

        session.BeginSegment(DateTimeOffset.UtcNow);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = command.ExecuteGroupAsync(new ProcessOptions
        {
            OutputFile = Path.Combine(plan.OutDir, "soak-script.log"), Timeout = deadline, LogName = "vvtv-soak",
        }, stop.Token);
        var problems = new List<string>();
        var started = DateTimeOffset.UtcNow;
        var lastSample = (DateTimeOffset?)null;
        // Looked at while the script runs; after it ends its trap has stopped the orchestrator on purpose.
        bool? orchestrator = null;
        string? stoppedBecause = null;
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(PollEvery, ct));
            ct.ThrowIfCancellationRequested();
            if (stoppedBecause is not null) continue;
            var landed = tail.Poll(ended: false);
            if (landed.Count > 0 && settings.RunOrchestrator
                && !run.IsCompleted) orchestrator = OrchestratorWatch.IsRunning(session.Workspace.Root);
            foreach (var logged in landed)
            {
                lastSample = DateTimeOffset.UtcNow;
                var reason = Add(session, logged, orchestrator, progress);
                // Close to the end the script is left to finish, so its own summary stays part of the evidence.
                if (reason is not null && settings.Schedule.Interval * session.Remaining > settings.StallWindow)
                {
                    stoppedBecause = $"stopped early: {reason}";
                    break;
                }
            }
            var quiet = DateTimeOffset.UtcNow - (lastSample ?? started + settings.BootTimeout);
            if (stoppedBecause is null && session.Remaining > 0 && quiet > settings.StallWindow)
                stoppedBecause = $"{Script} stalled: no new sample for {settings.StallWindow.TotalSeconds:0} s (three "
                    + "intervals, at least 30 s), so it was stopped";
            if (stoppedBecause is not null)
            {
                Log.Warning("Soak: {Reason:l}", stoppedBecause);
                stop.Cancel();
            }
        }

        ProcessResult? result = null;
        try { result = await run; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { /* stopped by the watch above */ }
        foreach (var logged in tail.Poll(ended: true))
            if (session.Remaining > 0) Add(session, logged, orchestrator, progress);

        if (stoppedBecause is not null && !stoppedBecause.StartsWith("stopped early", StringComparison.Ordinal))
            problems.Add(stoppedBecause);
        if (result is { TimedOut: true })
            problems.Add($"{Script} passed its deadline of {deadline.TotalSeconds:0} s ({remaining} samples × "
                + $"{plan.IntervalSecs} s + boot {settings.BootTimeout.TotalSeconds:0} s + grace "
                + $"{settings.DeadlineGrace.TotalSeconds:0} s) and its process group was stopped");
        string? scriptVerdict = null;
        if (File.Exists(summaryPath))
        {
            try { scriptVerdict = SoakSummary.Load(summaryPath).Verdict; }
            catch (VvtvFormatException e) { problems.Add($"the script's summary is unreadable: {e.Message}"); }
        }
        else if (result is { TimedOut: false } r && r.ExitCode != 0)
            problems.Add($"{Script} exited {r.ExitCode} without writing summary.txt: "
                + string.Join(" | ", r.StdErr.TakeLast(2)));
        return new EngineReport(problems, scriptVerdict);
    }

    private static string? Add(SoakSession session, LoggedSample logged, bool? orchestrator, ISoakProgress progress)
    {
        var at = Timestamps.TryParseSampleUtc(logged.Timestamp, out var t) ? t : DateTimeOffset.UtcNow;
        var sample = SampleJudge.Judge(session.Next, at, EndpointResponse.FromLog(logged.Status),
            EndpointResponse.FromLog(logged.Metrics), EndpointResponse.FromLog(logged.Alerts));
        if (at != t)
            sample = sample with
            {
                Outcome = SampleOutcome.Error,
                Reasons = [.. sample.Reasons,
                    $"{logged.Source}: timestamp '{logged.Timestamp}' is not YYYY-MM-DDTHH:MM:SSZ"],
            };
        var stop = session.Add(sample, orchestrator);
        progress.Sampled(session.LastAdded!);
        return stop;
    }

    private static string Whole(TimeSpan t) =>
        ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
