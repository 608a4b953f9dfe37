using Engine;

/// <summary>Checklist section "Operational readiness".</summary>
interface IRunbook : IHazVvtvWorkspace
{
    [Parameter("Allow the restore steps of the runbook, which overwrite the live state db (a maintenance window). " +
               "Always open on the sandbox")]
    bool MaintenanceWindow => this.TryGetValue<bool?>(() => MaintenanceWindow) ?? false;

    Target Runbook => _ => _
        .Description("Operational readiness: nightly, audit export, backup keys, backup, verify, restore, emergency " +
                     "mode")
        .DependsOn<IGoLive>(x => x.GoLive)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(Runbook)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(Runbook), ct,
            gate => new RunbookGate(gate, MaintenanceWindow || Run.Profile.MaintenanceWindowAlwaysOpen)));
}
