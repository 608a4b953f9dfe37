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
        .Executes(async ct =>
        {
            var gate = await GateRun.BeginAsync(Run, nameof(Runbook), ct);
            var runbook = new RunbookGate(gate, MaintenanceWindow || Run.Profile.MaintenanceWindowAlwaysOpen);
            await runbook.PrepareKeyToRotateAsync();
            await runbook.ForceNightlyAsync();
            await runbook.ExportAuditsAsync();
            await runbook.BackupKeyRotateAsync();
            await runbook.BackupKeyEnsureAsync();
            await runbook.BackupKeyPruneAsync();
            await runbook.BackupMetadataAsync();
            await runbook.VerifyBackupAsync();
            await runbook.BackupMetadataSecureAsync();
            await runbook.VerifyBackupSecureAsync();
            await runbook.RestoreMetadataAsync();
            await runbook.RestoreMetadataSecureAsync();
            await runbook.EmergencyOnOffAsync();
            gate.Conclude();
        });
}
