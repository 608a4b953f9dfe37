using Engine;
using global::Soak;
using Vvtv;

namespace Build.Tests.Soak;

/// <summary>
/// The scheduler lease the soak's stopped orchestrator leaves in the real state db: recorded when the soak ends,
/// released on request so a run-once orchestrator works at once instead of 30 s later, and never a lease someone else
/// holds.
/// </summary>
[TestFixture, Parallelizable]
public sealed class SoakLeaseTests
{
    [Test]
    public async Task The_stopped_soak_orchestrators_lease_is_released_and_a_run_once_orchestrator_then_works()
    {
        using var sandbox = new SoakSandbox();
        var result = await sandbox.RunAsync(sandbox.Settings(SoakEngineKind.Native, samples: 3));
        Assert.That(result.Verdict.Passed, result.Verdict.Summary);

        var stateDb = Path.Combine(sandbox.Workspace, "runtime", "state", "vvtv.db");
        var recorded = Path.Combine(sandbox.OutDir, SoakServices.StoppedLeaseFile);
        Assert.That(File.Exists(recorded), "the soak records the lease its orchestrator held");
        var owner = File.ReadAllText(recorded).Trim();
        Assert.That(SchedulerLease.Holder(stateDb)?.OwnerId, Is.EqualTo(owner),
            "a killed orchestrator leaves its lease in place");
        Assert.That(await RunOnceAsync(sandbox), Does.Contain("scheduler-standby-lock-not-acquired"),
            "while the lease lives, run-once does nothing");

        SoakServices.ReleaseStoppedLease(sandbox.Workspace, sandbox.OutDir);

        Assert.That(SchedulerLease.Holder(stateDb), Is.Null);
        Assert.That(File.Exists(recorded), Is.False);
        Assert.That(await RunOnceAsync(sandbox), Does.Not.Contain("scheduler-standby-lock-not-acquired"));
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [Test]
    public async Task A_lease_another_owner_holds_is_left_alone()
    {
        using var sandbox = new SoakSandbox();
        var result = await sandbox.RunAsync(sandbox.Settings(SoakEngineKind.Native, samples: 2));
        Assert.That(result.Verdict.Passed, result.Verdict.Summary);
        var stateDb = Path.Combine(sandbox.Workspace, "runtime", "state", "vvtv.db");
        var holder = SchedulerLease.Holder(stateDb);
        Assert.That(holder, Is.Not.Null);
        File.WriteAllText(Path.Combine(sandbox.OutDir, SoakServices.StoppedLeaseFile), Guid.NewGuid() + "\n");

        SoakServices.ReleaseStoppedLease(sandbox.Workspace, sandbox.OutDir);

        Assert.That(SchedulerLease.Holder(stateDb), Is.EqualTo(holder));
    }

    private static async Task<string> RunOnceAsync(SoakSandbox sandbox)
    {
        var log = Path.Combine(sandbox.Root, $"run-once-{Guid.NewGuid():N}.log");
        var run = await sandbox.SoakWorkspace.Command("cargo", ["run", "-q", "-p", "vvtv-orchestrator"],
            new Dictionary<string, string?> { ["VVTV_RUN_ONCE"] = "1" })
            .ExecuteGroupAsync(new ProcessOptions { OutputFile = log, Timeout = TimeSpan.FromSeconds(60) });
        Assert.That(run.ExitCode, Is.EqualTo(0), File.ReadAllText(log));
        return File.ReadAllText(log);
    }
}
