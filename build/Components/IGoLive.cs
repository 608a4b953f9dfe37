using Engine;

/// <summary>Checklist section "Go Live (phase 1)".</summary>
interface IGoLive : IHazVvtvWorkspace
{
    Target GoLive => _ => _
        .Description("Go Live (phase 1): runs the phase 1 gate and re-checks its summary and artifacts")
        .DependsOn<ISecurity>(x => x.Security)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(GoLive)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(GoLive), ct, gate => new GoLiveGate(gate)));
}
