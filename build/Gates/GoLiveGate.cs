using Engine;
using Vvtv;

/// <summary>Checklist section "Go Live (phase 1)": the phase 1 script, then the re-checks its PASS never made
/// (D-P1).</summary>
sealed class GoLiveGate(GateRun gate) : IGate
{
    private static readonly string[] Artifacts =
        ["summary.txt", "status.json", "alerts.json", "metrics.prom", "cargo-test.log", "orchestrator-run-once.log",
            "control-api.log"];

    public async Task CheckItemsAsync()
    {
        var phase1 = await RunPhase1Async();
        await GateAsync(phase1);
        Summary(phase1.Out);
        Attach(phase1.Out);
    }

    /// <summary>The phase 1 script's run: its step, and the folder it wrote its summary and artifacts to.</summary>
    private sealed record Phase1(StepResult Step, AbsolutePath Out);

    private async Task<Phase1> RunPhase1Async()
    {
        var output = gate.Run.OutDir("phase1");
        var step = await gate.StepAsync("phase1-go-live",
            gate.Run.Script("vvtv-phase1-go-live.sh", [], new Dictionary<string, string?>
        {
            ["VVTV_PHASE1_OUT_DIR"] = output,
            ["VVTV_PHASE1_API_READY_TIMEOUT_SECS"] = ((int)gate.Timeouts.ApiReady.TotalSeconds).ToString(),
        }), gate.Timeouts.Phase);
        // Upstream phase 1 leaves its API running after a PASS (D-P2).
        await gate.Run.StopStaleApiAsync(gate.Ct);
        return new Phase1(step, output);
    }

    private Task GateAsync(Phase1 phase1) =>
        gate.ProveAsync("golive.gate", p =>
        {
            p.RequireSuccess(phase1.Step);
            var problems = new List<string>();
            Check(p, phase1.Out, "status.json", path =>
            {
                var status = ApiStatus.Parse(TextInput.ReadFile(path), path);
                if (status.State != "RUNNING") problems.Add($"status.json state is {status.State}, expected RUNNING");
            });
            Check(p, phase1.Out, "alerts.json", path =>
            {
                var blocking = gate.JudgeAlerts(ApiAlerts.Parse(TextInput.ReadFile(path), path), "phase 1 alerts.json");
                if (blocking.Count > 0) problems.Add($"alerts.json has " +
                    $"{string.Join(", ", blocking.Select(a => $"{a.Code} ({a.Severity})"))}");
            });
            Check(p, phase1.Out, "metrics.prom", path =>
                problems.AddRange(gate.JudgeMetrics(PrometheusText.Parse(TextInput.ReadFile(path), path)
                    .VvtvValues(path), "phase 1 metrics.prom")));
            Check(p, phase1.Out, "orchestrator-run-once.log", path =>
            {
                if (!OrchestratorLog.EventsOf(path).Contains("commit-window-complete"))
                    problems.Add("orchestrator-run-once.log has no commit-window-complete: the run-once processed no " +
                        "commit window (D-P5)");
            });
            Check(p, phase1.Out, "cargo-test.log", path =>
            {
                if (LibtestOutput.Problem(TextInput.Lines(TextInput.ReadFile(path))) is { } problem)
                    problems.Add($"cargo-test.log: {problem}");
            });
            p.Require(problems.Count == 0, string.Join("; ", problems));
            return Task.FromResult("phase 1 exited 0; status RUNNING, no high/critical alert, all 7 metric series " +
                "with buffer ≥ 20 and no stream disruption, a commit window in the run-once log, cargo test ok");
        });

    private void Summary(AbsolutePath output) =>
        gate.Prove("golive.summary", p =>
        {
            var path = output / "summary.txt";
            p.Require(path.FileExists(), $"phase 1 wrote no summary.txt in {output} (it writes one only on success)");
            p.Add(gate.Copy(path));
            var summary = PhaseSummary.Load(path, 1);
            p.Require(Path.GetFullPath(summary.ArtifactsDir) == output.Value,
                $"artifacts_dir '{summary.ArtifactsDir}' is not the run's phase 1 folder {output}");
            return $"summary.txt: phase=1 status=PASS timestamp_utc={summary.TimestampUtc} with the five checks";
        });

    private void Attach(AbsolutePath output) =>
        gate.Prove("golive.artifacts", p =>
        {
            var missing = Artifacts.Where(a => !(output / a).FileExists()).ToList();
            foreach (var a in Artifacts.Except(missing)) p.Add(gate.Copy(output / a, $"phase1/{a}"));
            p.Require(missing.Count == 0, $"phase 1 artifacts missing in {output}: {string.Join(", ", missing)}");
            // The API writes nothing when it starts well, so only its log may be empty.
            var empty = Artifacts.Where(a => a != "control-api.log" && new FileInfo(output / a).Length == 0).ToList();
            p.Require(empty.Count == 0, $"empty phase 1 artifacts: {string.Join(", ", empty)}");
            return $"attached {Artifacts.Length} phase 1 artifacts: {string.Join(", ", Artifacts)}";
        });

    private void Check(Proof p, AbsolutePath output, string artifact, Action<string> check)
    {
        var path = output / artifact;
        if (!path.FileExists()) throw new ItemFailedException($"phase 1 wrote no {artifact} in {output}");
        p.Add(gate.Copy(path, $"phase1/{artifact}"));
        check(path);
    }
}
