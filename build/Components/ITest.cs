using Engine;

/// <summary>Checklist section "Build and tests".</summary>
interface ITest : IHazVvtvWorkspace
{
    Target Test => _ => _
        .Description("Build and tests: cargo test is green, the orchestrator processes a commit window, the control " +
                     "API serves /v1/status, /metrics and /v1/alerts")
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Test)))
        .Executes(async ct =>
        {
            var gate = await GateRun.BeginAsync(Run, nameof(Test), ct);
            await BuildAndTestsGate.CargoTestAsync(gate);
            await BuildAndTestsGate.OrchestratorCommitWindowAsync(gate);
            await BuildAndTestsGate.ControlApiEndpointsAsync(gate);
            gate.Conclude();
        });
}
