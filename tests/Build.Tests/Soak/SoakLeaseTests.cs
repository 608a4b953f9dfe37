using Engine;
using global::Soak;
using Vvtv;

namespace Build.Tests.Soak;

/// <summary>
/// The scheduler lease the soak's stopped orchestrator leaves in the real state db: recorded when the soak ends,
/// released on request so a run-once orchestrator works at once instead of 30 s later, and never a lease someone else
/// holds. One soak for both tests: the one that releases works on the soak's workspace, the other on a copy of its
/// state db taken before anything was released.
/// </summary>
[TestFixture, Parallelizable]
public sealed class SoakLeaseTests
{
    private SoakSandbox _sandbox = null!;
    private string _untouched = null!;

    private string StateDb => Path.Combine(_sandbox.Workspace, "runtime", "state", "vvtv.db");

    [OneTimeSetUp]
    public async Task SoakOnce()
    {
        _sandbox = new SoakSandbox();
        var result = await _sandbox.RunAsync(_sandbox.Settings(SoakEngineKind.Native, samples: 3));
        Assert.That(result.Verdict.Passed, result.Verdict.Summary);
        // The soak's services are stopped, so nothing writes the db: its files (a journal or WAL beside it, if any)
        // copied are the whole of it.
        _untouched = Path.Combine(_sandbox.Root, "untouched");
        var state = Directory.CreateDirectory(Path.Combine(_untouched, "runtime", "state")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(StateDb)!, "vvtv.db*"))
            File.Copy(file, Path.Combine(state, Path.GetFileName(file)));
    }

    [OneTimeTearDown]
    public void RemoveSandbox() => _sandbox.Dispose();

    [Test]
    public async Task The_stopped_soak_orchestrators_lease_is_released_and_a_run_once_orchestrator_then_works()
    {
        var recorded = Path.Combine(_sandbox.OutDir, SoakServices.StoppedLeaseFile);
        Assert.That(File.Exists(recorded), "the soak records the lease its orchestrator held");
        var owner = File.ReadAllText(recorded).Trim();
        Assert.That(SchedulerLease.Holder(StateDb)?.OwnerId, Is.EqualTo(owner),
            "a killed orchestrator leaves its lease in place");
        Assert.That(await RunOnceAsync(), Does.Contain("scheduler-standby-lock-not-acquired"),
            "while the lease lives, run-once does nothing");

        SoakServices.ReleaseStoppedLease(_sandbox.Workspace, _sandbox.OutDir);

        Assert.That(SchedulerLease.Holder(StateDb), Is.Null);
        Assert.That(File.Exists(recorded), Is.False);
        Assert.That(await RunOnceAsync(), Does.Not.Contain("scheduler-standby-lock-not-acquired"));
        Assert.That(await Processes.SettleAsync(_sandbox.Workspace), Is.Empty);
    }

    [Test]
    public void A_lease_another_owner_holds_is_left_alone()
    {
        var stateDb = Path.Combine(_untouched, "runtime", "state", "vvtv.db");
        var holder = SchedulerLease.Holder(stateDb);
        Assert.That(holder, Is.Not.Null);
        var outDir = Path.Combine(_untouched, "soak-out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, SoakServices.StoppedLeaseFile), Guid.NewGuid() + "\n");

        SoakServices.ReleaseStoppedLease(_untouched, outDir);

        Assert.That(SchedulerLease.Holder(stateDb), Is.EqualTo(holder));
    }

    private async Task<string> RunOnceAsync()
    {
        var log = Path.Combine(_sandbox.Root, $"run-once-{Guid.NewGuid():N}.log");
        var run = await _sandbox.SoakWorkspace.Command("cargo", ["run", "-q", "-p", "vvtv-orchestrator"],
            new Dictionary<string, string?> { ["VVTV_RUN_ONCE"] = "1" })
            .ExecuteGroupAsync(new ProcessOptions { OutputFile = log, Timeout = TimeSpan.FromSeconds(60) });
        Assert.That(run.ExitCode, Is.EqualTo(0), File.ReadAllText(log));
        return File.ReadAllText(log);
    }
}
