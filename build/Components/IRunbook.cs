using Engine;

/// <summary>Checklist section "Operational readiness".</summary>
interface IRunbook : IHazVvtvWorkspace
{
    [Parameter("Allow the restore steps of the runbook, which overwrite the live state db (a maintenance window)")]
    bool MaintenanceWindow => this.TryGetValue<bool?>(() => MaintenanceWindow) ?? false;

    Target Runbook => _ => _
        .Description("Operational readiness: nightly, audit export, backup keys, backup, verify, restore, emergency mode")
        .DependsOn<IGoLive>(x => x.GoLive)
        .Executes(() => NotImplementedYet.Fail("Runbook", "the runbook items are proved by the gates issue"));
}
