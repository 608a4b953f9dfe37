using Engine;

/// <summary>Checklist section "Promotion gate".</summary>
interface IPromote : IHazVvtvWorkspace
{
    Target Promote => _ => _
        .Description("Promotion gate: alerts endpoint healthy, promote gate PASS on this run's canary result, " +
                     "promotion recorded")
        .DependsOn<ICanary>(x => x.Canary)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Promote)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(Promote), ct, gate => new PromoteGate(gate)));
}
