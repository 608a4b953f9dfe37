using Engine;

/// <summary>Checklist section "Build and tests".</summary>
interface ITest : IHazVvtvWorkspace
{
    Target Test => _ => _
        .Description("Build and tests: cargo test is green, the orchestrator processes a commit window, the control " +
                     "API serves /v1/status, /metrics and /v1/alerts")
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Test)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(Test), ct, gate => new BuildAndTestsGate(gate)));
}
