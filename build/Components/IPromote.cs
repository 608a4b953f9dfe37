using Engine;

/// <summary>Checklist section "Promotion gate".</summary>
interface IPromote : IHazVvtvWorkspace
{
    Target Promote => _ => _
        .Description("Promotion gate: alerts endpoint healthy, promote gate PASS on this run's canary result, " +
                     "promotion recorded")
        .DependsOn<ICanary>(x => x.Canary)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Promote)))
        .Executes(async ct =>
        {
            var gate = await GateRun.BeginAsync(Run, nameof(Promote), ct);
            await new PromoteGate(gate).RunAsync();
            gate.Conclude();
        });
}
