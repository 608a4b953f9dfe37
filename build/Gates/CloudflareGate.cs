using Cloudflare;
using Soak;
using Vvtv;

/// <summary>
/// Checklist section "Cloudflare integration", against a local or the production Worker: what its items read is
/// gathered first (the nightly pushes the reports the last item asks for), then each item is checked and recorded,
/// so a failed check never hides the others.
/// </summary>
sealed class CloudflareGate(GateRun gate, WorkerOptions options) : IGate
{
    // Its checks talk to the Worker and wrangler; the forced nightly needs no control API.
    public bool FreesControlApiPort => false;

    public async Task CheckItemsAsync()
    {
        await using var worker = await WorkerUnderTest.OpenAsync(options, gate.Run.Evidence, gate.Target, gate.Ct);
        var checks = new CloudflareChecks(worker, gate.Items);
        // Remote: migrations are listed before the nightly writes to D1. D1 is read once after it.
        var pending = await checks.PendingMigrationsAsync(gate.Ct);
        var nightly = await ForcedNightlyAsync(checks);
        var d1 = await checks.ReadD1AfterNightlyAsync(gate.Ct);

        await checks.D1MigrationAppliedAsync(pending, d1, gate.Ct);
        await checks.WorkerDeployedAsync(gate.Ct);
        checks.SyncVariablesConfigured();
        await checks.LatestReportsServedAsync(nightly, d1, gate.Ct);
    }

    // The workspace's own nightly, pushing to the Worker. A soak's orchestrator, stopped, may still hold the scheduler
    // lease: it is released first, and a live holder's lease is waited out.
    private Task<ForcedNightly> ForcedNightlyAsync(CloudflareChecks checks)
    {
        SoakServices.ReleaseStoppedLease(gate.Run.Workspace, gate.Run.OutDir("soak"));
        return checks.RunForcedNightlyAsync(
            sync => gate.Run.Command("bash", ["scripts/vvtv-runbook.sh", "force-nightly"], sync), gate.Ct,
            () => SchedulerLease.ExpiresAt(gate.Run.Workspace / "runtime" / "state" / "vvtv.db"));
    }
}
