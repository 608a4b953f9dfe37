using Checklist;
using Engine;
using Soak;
using Vvtv;

/// <summary>
/// Checklist section "Canary gate": the canary with rollback and auto-promote on, judged by its exit code and
/// result.env together (D-C1), plus the build's own reading of the canary soak's samples.
/// </summary>
sealed class CanaryGate(GateRun gate, CanarySoak soak) : IGate
{
    public async Task CheckItemsAsync()
    {
        var canary = await RunCanaryAsync();
        Ran(canary);
        var result = Status(canary);
        AutoPromote(result);
    }

    /// <summary>
    /// Where the canary writes: stable for the run, so Promote (also after --continue) finds result.env.
    /// </summary>
    public static AbsolutePath OutDir(ReleaseRun run) => run.OutDir("canary");

    public static AbsolutePath ResultFile(ReleaseRun run) => OutDir(run) / "result.env";

    private AbsolutePath Out => OutDir(gate.Run);

    private async Task<StepResult> RunCanaryAsync()
    {
        // The canary's soak appends to its sample logs: an earlier attempt's samples would be judged with this one's.
        gate.Run.FreshOutDir("canary");
        var step = await gate.StepAsync("canary", gate.Run.Script("vvtv-canary.sh", [], new Dictionary<string, string?>
        {
            ["VVTV_CANARY_OUT_DIR"] = Out,
            ["VVTV_CANARY_SOAK_HOURS"] = soak.Hours.ToString(),
            ["VVTV_CANARY_SOAK_INTERVAL_SECS"] = soak.IntervalSecs.ToString(),
            ["VVTV_CANARY_SOAK_MAX_SAMPLES"] = soak.Schedule.MaxSamples.ToString(),
            ["VVTV_CANARY_AUTO_ROLLBACK"] = "1",
            ["VVTV_CANARY_AUTO_PROMOTE"] = "1",
            ["VVTV_CANARY_PROMOTE_STRICT"] = "1",
            ["VVTV_CANARY_PROMOTE_BOOTSTRAP_API"] = "1",
            ["VVTV_CANARY_PROMOTE_BOOT_TIMEOUT_SECS"] = ((int)gate.Timeouts.ApiReady.TotalSeconds).ToString(),
            ["VVTV_SOAK_BOOT_TIMEOUT_SECS"] = ((int)gate.Timeouts.ApiReady.TotalSeconds).ToString(),
            ["VVTV_PROMOTE_OUT_DIR"] = gate.Run.OutDir("canary-promotions"),
            ["VVTV_STATE_DB_PATH"] = StateDbPathForCanary(),
        }), soak.Duration + gate.Timeouts.CanaryOverhead);
        await gate.Run.StopStaleApiAsync(gate.Ct);
        return step;
    }

    /// <summary>
    /// D-C2: the canary joins VVTV_STATE_DB_PATH onto the workspace root even when it is absolute, never finds such a
    /// db and runs an extra orchestrator cycle on the live system: an absolute value is handed on relative to the root.
    /// </summary>
    private string? StateDbPathForCanary() =>
        gate.Run.Variable("VVTV_STATE_DB_PATH") is { Length: > 0 } path && Path.IsPathRooted(path)
            ? Path.GetRelativePath(gate.Run.Workspace, path)
            : gate.Run.Variable("VVTV_STATE_DB_PATH");

    private void Ran(StepResult canary) =>
        gate.Prove("canary.run", p =>
        {
            p.RequireSuccess(canary);
            p.Require(ResultFile(gate.Run).FileExists(), $"the canary exited 0 but wrote no {ResultFile(gate.Run)}");
            p.Add(gate.Copy(ResultFile(gate.Run)));
            return $"vvtv-canary.sh with VVTV_CANARY_AUTO_ROLLBACK=1 exited 0 after a {soak} soak";
        });

    // The result.env it read (even when the item fails on what it says), for the auto-promote item.
    private CanaryResult? Status(StepResult canary)
    {
        CanaryResult? read = null;
        gate.Prove("canary.status", p =>
        {
            var file = ResultFile(gate.Run);
            p.Require(file.FileExists(),
                $"no result.env in {Out} (the canary writes none when its backup or verify fails, D-C5)");
            p.Add(gate.Copy(file));
            var result = read = CanaryResult.Load(file, gate.Run.Workspace);
            // A strict promotion failure leaves the quiet first PASS on disk (D-C1): the exit code decides.
            p.Require(canary.Process.ExitCode == 0 && !canary.Process.TimedOut,
                $"result.env says status={result.Status}, but the canary exited {canary.Process.ExitCode}" +
                    $"{(canary.Process.TimedOut ? " (timed out)" : "")}: a stale result (D-C1)");
            p.Require(result.Status == "PASS",
                $"status={result.Status} (rollback_applied={(result.RollbackApplied ? 1 : 0)})");
            var soakDir = Path.GetDirectoryName(WorkspacePath.ResolveInside(gate.Run.Workspace, result.SoakSummary,
                file, null, "soak_summary"))!;
            foreach (var f in new[] { "summary.txt", "status-samples.log", "metrics-samples.log",
                "alerts-samples.log" })
                p.Add(gate.Copy(Path.Combine(soakDir, f), $"canary-soak/{f}"));
            var summary = SoakSummary.Load(Path.Combine(soakDir, "summary.txt"));
            var evaluation = SoakEvaluation.Evaluate(soakDir);
            var problems = new List<string>();
            if (summary.Verdict != "PASS") problems.Add($"canary soak verdict={summary.Verdict}");
            if (evaluation.Samples < soak.ExpectedSamples) problems.Add($"the canary soak took {evaluation.Samples} " +
                $"samples, expected at least {soak.ExpectedSamples} (D-SK4)");
            if (evaluation.EmptyBodies + evaluation.InvalidStatusBodies + evaluation.InvalidAlertsBodies
                + evaluation.MetricsBlocksMissingSeries > 0)
                problems.Add($"unusable samples: " +
                    string.Join("; ",
                        evaluation.Problems.Take(3).DefaultIfEmpty($"{evaluation.EmptyBodies} empty bodies")));
            if (evaluation.StreamDisruptionObservations > 0)
                gate.NoGo(NoGoCause.Stream,
                    $"{evaluation.StreamDisruptionObservations} canary soak sample(s) with " +
                        $"vvtv_stream_disruptions > 0");
            if (evaluation.BufferCriticalObservations > 0)
                gate.NoGo(NoGoCause.Buffer,
                    $"{evaluation.BufferCriticalObservations} canary soak sample(s) with vvtv_buffer_minutes < 20");
            foreach (var alert in evaluation.BlockingAlerts.Distinct().Take(5))
                gate.NoGo(NoGoCause.Alert, $"canary soak sample: {alert}");
            if (problems.Count > 0) gate.NoGo(NoGoCause.Soak, $"canary soak: {string.Join("; ", problems)}");
            p.Require(problems.Count == 0 && evaluation.StreamDisruptionObservations
                + evaluation.BufferCriticalObservations + evaluation.BlockingAlerts.Count == 0,
                $"the canary soak does not hold: " +
                    $"{string.Join("; ", problems.DefaultIfEmpty("see the No-Go findings"))}");
            return $"result.env status=PASS rollback_applied=0, canary exit 0; its soak: verdict PASS, " +
                $"{evaluation.Samples} samples, no disruption, no buffer below 20, no high/critical alert";
        });
        return read;
    }

    private void AutoPromote(CanaryResult? result) =>
        gate.Prove("canary.auto-promote", p =>
        {
            p.Require(result is not null, "no valid result.env to read promotion_status from");
            p.Add(gate.Copy(ResultFile(gate.Run)));
            p.Require(result!.PromotionStatus == "PROMOTED", $"promotion_status={result.PromotionStatus}");
            var record = WorkspacePath.ResolveInside(gate.Run.Workspace, result.PromotionRecord, ResultFile(gate.Run),
                null, "promotion_record");
            p.Add(gate.Copy(record, "canary-promotion.env"));
            var parsed = PromotionRecord.Load(record);
            p.Require(Path.GetFullPath(parsed.CanaryResultFile) == ResultFile(gate.Run).Value,
                $"the record promotes '{parsed.CanaryResultFile}', not this canary's result");
            return $"promotion_status=PROMOTED; {Path.GetFileName(record)} says status=PROMOTED, " +
                $"alerts_high_critical=0";
        });
}

/// <summary>
/// The canary's soak (VVTV_CANARY_SOAK_*): bash needs whole hours (D-SK8); the build expects the samples it asked for
/// (D-SK4).
/// </summary>
sealed record CanarySoak(int Hours, int IntervalSecs, SoakSchedule Schedule)
{
    /// <summary>The canary soak of these values; fails naming the parameter when one is unusable.</summary>
    public static CanarySoak From(double hours, int intervalSecs, int maxSamples)
    {
        BuildAssert.True(double.IsFinite(hours) && hours >= 0 && hours == Math.Floor(hours) && hours <= MaxHours,
            $"--canary-soak-hours {hours} must be a whole number of hours from 0 to {MaxHours}: " +
            "the canary's soak script does integer arithmetic");
        try
        {
            // The soak's own rule (one rounding, one zero-sample refusal), naming the canary's parameters.
            return new CanarySoak((int)hours, intervalSecs,
                SoakSchedule.Create(hours, intervalSecs, maxSamples, "--canary-soak"));
        }
        catch (ArgumentException e)
        {
            throw new TargetFailedException(e.Message);
        }
    }

    // A year: beyond it the schedule's sample count no longer fits the script's arithmetic, and no canary is meant so.
    private const int MaxHours = 8760;

    public int ExpectedSamples => Schedule.ExpectedSamples;

    public TimeSpan Duration => Schedule.Length;

    public override string ToString() => $"{ExpectedSamples}-sample ({IntervalSecs} s interval)";
}
