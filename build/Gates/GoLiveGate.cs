using Engine;
using Vvtv;

/// <summary>Checklist section "Go Live (phase 1)": the phase 1 script, then the re-checks its PASS never made
/// (D-P1).</summary>
sealed class GoLiveGate(GateRun gate)
{
    private static readonly string[] Artifacts =
        ["summary.txt", "status.json", "alerts.json", "metrics.prom", "cargo-test.log", "orchestrator-run-once.log",
            "control-api.log"];

    private AbsolutePath _out;
    private StepResult? _step;

    public async Task RunPhase1Async()
    {
        _out = gate.Run.OutDir("phase1");
        _step = await gate.StepAsync("phase1-go-live",
            gate.Run.Script("vvtv-phase1-go-live.sh", [], new Dictionary<string, string?>
        {
            ["VVTV_PHASE1_OUT_DIR"] = _out,
            ["VVTV_PHASE1_API_READY_TIMEOUT_SECS"] = ((int)gate.Timeouts.ApiReady.TotalSeconds).ToString(),
        }), gate.Timeouts.Phase);
        // Upstream phase 1 leaves its API running after a PASS (D-P2).
        await gate.Run.StopStaleApiAsync(gate.Ct);
    }

    public Task GateAsync() =>
        gate.ProveAsync("golive.gate", p =>
        {
            p.RequireSuccess(_step!);
            var problems = new List<string>();
            Check(p, "status.json", path =>
            {
                var status = ApiStatus.Parse(TextInput.ReadFile(path), path);
                if (status.State != "RUNNING") problems.Add($"status.json state is {status.State}, expected RUNNING");
            });
            Check(p, "alerts.json", path =>
            {
                var blocking = gate.JudgeAlerts(ApiAlerts.Parse(TextInput.ReadFile(path), path), "phase 1 alerts.json");
                if (blocking.Count > 0) problems.Add($"alerts.json has " +
                    $"{string.Join(", ", blocking.Select(a => $"{a.Code} ({a.Severity})"))}");
            });
            Check(p, "metrics.prom", path =>
                problems.AddRange(gate.JudgeMetrics(PrometheusText.Parse(TextInput.ReadFile(path), path)
                    .VvtvValues(path), "phase 1 metrics.prom")));
            Check(p, "orchestrator-run-once.log", path =>
            {
                if (!OrchestratorLog.EventsOf(path).Contains("commit-window-complete"))
                    problems.Add("orchestrator-run-once.log has no commit-window-complete: the run-once processed no " +
                        "commit window (D-P5)");
            });
            Check(p, "cargo-test.log", path =>
            {
                if (LibtestOutput.Problem(TextInput.Lines(TextInput.ReadFile(path))) is { } problem)
                    problems.Add($"cargo-test.log: {problem}");
            });
            p.Require(problems.Count == 0, string.Join("; ", problems));
            return Task.FromResult("phase 1 exited 0; status RUNNING, no high/critical alert, all 7 metric series " +
                "with buffer ≥ 20 and no stream disruption, a commit window in the run-once log, cargo test ok");
        });

    public void Summary() =>
        gate.Prove("golive.summary", p =>
        {
            var path = _out / "summary.txt";
            p.Require(path.FileExists(), $"phase 1 wrote no summary.txt in {_out} (it writes one only on success)");
            p.Add(gate.Copy(path));
            var summary = PhaseSummary.Load(path, 1);
            p.Require(Path.GetFullPath(summary.ArtifactsDir) == _out.Value,
                $"artifacts_dir '{summary.ArtifactsDir}' is not the run's phase 1 folder {_out}");
            return $"summary.txt: phase=1 status=PASS timestamp_utc={summary.TimestampUtc} with the five checks";
        });

    public void Attach() =>
        gate.Prove("golive.artifacts", p =>
        {
            var missing = Artifacts.Where(a => !(_out / a).FileExists()).ToList();
            foreach (var a in Artifacts.Except(missing)) p.Add(gate.Copy(_out / a, $"phase1/{a}"));
            p.Require(missing.Count == 0, $"phase 1 artifacts missing in {_out}: {string.Join(", ", missing)}");
            // The API writes nothing when it starts well, so only its log may be empty.
            var empty = Artifacts.Where(a => a != "control-api.log" && new FileInfo(_out / a).Length == 0).ToList();
            p.Require(empty.Count == 0, $"empty phase 1 artifacts: {string.Join(", ", empty)}");
            return $"attached {Artifacts.Length} phase 1 artifacts: {string.Join(", ", Artifacts)}";
        });

    private void Check(Proof p, string artifact, Action<string> check)
    {
        var path = _out / artifact;
        if (!path.FileExists()) throw new ItemFailedException($"phase 1 wrote no {artifact} in {_out}");
        p.Add(gate.Copy(path, $"phase1/{artifact}"));
        check(path);
    }
}
