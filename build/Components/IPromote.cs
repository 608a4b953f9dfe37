using Engine;

/// <summary>Checklist section "Promotion gate".</summary>
interface IPromote : IHazVvtvWorkspace
{
    Target Promote => _ => _
        .Description("Promotion gate: alerts endpoint healthy, promote gate PASS, promotion recorded")
        .DependsOn<ICanary>(x => x.Canary)
        .Executes(() => NotImplementedYet.Fail("Promote", "the promotion gate is run by the gates issue"));
}
