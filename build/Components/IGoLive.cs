using Engine;

/// <summary>Checklist section "Go Live (phase 1)".</summary>
interface IGoLive : IHazVvtvWorkspace
{
    Target GoLive => _ => _
        .Description("Go Live (phase 1): runs the phase 1 gate and re-checks its summary and artifacts")
        .DependsOn<ISecurity>(x => x.Security)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(GoLive)))
        .Executes(async ct =>
        {
            var gate = await GateRun.BeginAsync(Run, nameof(GoLive), ct);
            var phase1 = new GoLiveGate(gate);
            await phase1.RunPhase1Async();
            await phase1.GateAsync();
            phase1.Summary();
            phase1.Attach();
            gate.Conclude();
        });
}
