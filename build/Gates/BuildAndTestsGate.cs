using Vvtv;

/// <summary>Checklist section "Build and tests": cargo test, one orchestrator commit window, the API's three
/// endpoints.</summary>
sealed class BuildAndTestsGate(GateRun gate) : IGate
{
    public async Task CheckItemsAsync()
    {
        await CargoTestAsync();
        await OrchestratorCommitWindowAsync();
        await ControlApiEndpointsAsync();
    }

    private Task CargoTestAsync() =>
        gate.ProveAsync("build.cargo-test", async p =>
        {
            var step = await gate.StepAsync("cargo-test", gate.Run.Command("cargo", ["test", "--", "--test-threads=1"]),
                gate.Timeouts.CargoTest);
            p.RequireSuccess(step);
            var lines = step.Process.StdOut.Concat(step.Process.StdErr).ToList();
            p.Require(LibtestOutput.Problem(lines) is null, $"cargo test exited 0 but {LibtestOutput.Problem(lines)}");
            return $"cargo test exited 0; all {LibtestOutput.ResultLines(lines)} 'test result:' lines say ok";
        });

    // A fresh db guarantees a commit window, and running in a scratch folder keeps the workspace's db and slot
    // cursor untouched for phase 1's own run-once. The folder sits inside the workspace so cargo finds Cargo.toml above
    // it.
    private Task OrchestratorCommitWindowAsync() =>
        gate.ProveAsync("build.orchestrator-commit-window", async p =>
        {
            var scratch = gate.Run.OutDir("orchestrator-fresh-db");
            var card = gate.Run.Workspace / "config" / "owner_card.sample.yaml";
            p.Require(card.FileExists(), $"{card} is missing; the orchestrator reads its owner card from there");
            (scratch / "config").CreateDirectory();
            File.Copy(card, scratch / "config" / "owner_card.sample.yaml", overwrite: true);
            var step = await gate.StepAsync("orchestrator-run-once",
                gate.Run.Command("cargo", ["run", "-q", "-p", "vvtv-orchestrator"], new Dictionary<string,
                    string?> { ["VVTV_RUN_ONCE"] = "1" }).WithWorkingDirectory(scratch),
                gate.Timeouts.OrchestratorRun);
            p.RequireSuccess(step);
            var events = OrchestratorLog.Events(step.Process.StdOut);
            p.Require(events.Contains("commit-window-complete"),
                $"the run-once exited 0 but logged no commit-window-complete (events: " +
                    $"{string.Join(", ", events.DefaultIfEmpty("none"))})");
            return $"VVTV_RUN_ONCE=1 cargo run -p vvtv-orchestrator on a fresh db exited 0 and logged " +
                $"commit-window-complete ({events.Count} events)";
        });

    private Task ControlApiEndpointsAsync() =>
        gate.ProveAsync("build.control-api-endpoints", async p =>
        {
            await using var api = await gate.StartApiAsync();
            p.Add(gate.EvidencePath("control-api.log"));
            var status = await api.Client.GetAsync("/v1/status", gate.Ct);
            p.Add(gate.Write("status.json", status.Body));
            p.Require(status.StatusCode == 200, $"GET /v1/status answered HTTP {status.StatusCode}");
            ApiStatus.Parse(status.Body, "GET /v1/status");
            var metrics = await api.Client.GetAsync("/metrics", gate.Ct);
            p.Add(gate.Write("metrics.prom", metrics.Body));
            p.Require(metrics.StatusCode == 200, $"GET /metrics answered HTTP {metrics.StatusCode}");
            PrometheusText.Parse(metrics.Body, "GET /metrics").VvtvValues("GET /metrics");
            var alerts = await api.Client.GetAsync("/v1/alerts", gate.Ct);
            p.Add(gate.Write("alerts.json", alerts.Body));
            p.Require(alerts.StatusCode == 200, $"GET /v1/alerts answered HTTP {alerts.StatusCode}");
            ApiAlerts.Parse(alerts.Body, "GET /v1/alerts");
            return "our own cargo run -p vvtv-control-api answered 200 on /v1/status, /metrics (7 series) and " +
                "/v1/alerts with valid bodies";
        });
}
