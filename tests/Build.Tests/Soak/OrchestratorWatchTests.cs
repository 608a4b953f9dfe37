using System.Diagnostics;
using global::Soak;

namespace Build.Tests.Soak;

/// <summary>The script engine's orchestrator check against real processes: only one under this process, running in
/// the workspace asked about, counts, however the workspace's path is spelt.</summary>
[TestFixture, Parallelizable]
public sealed class OrchestratorWatchTests
{
    [Test]
    public void An_orchestrator_counts_for_its_own_workspace_only_also_through_a_symbolic_link()
    {
        var dir = Directory.CreateTempSubdirectory("vvtv-orchestrator-watch-").FullName;
        var workspace = Directory.CreateDirectory(Path.Combine(dir, "real", "workspace")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(dir, "other")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(dir, "link"), Path.Combine(dir, "real"));
        Directory.CreateDirectory(Path.Combine(workspace, "runtime"));
        // A stand-in named as cargo's binary is, started in a folder of the workspace as VVTV's scripts start it.
        using var orchestrator = Process.Start(new ProcessStartInfo("bash",
            ["-c", "exec -a vvtv-orchestrator sleep 60"]) { WorkingDirectory = Path.Combine(workspace, "runtime") })!;
        try
        {
            Assert.That(() => OrchestratorWatch.IsRunning(workspace), Is.True.After(5000, 100));
            Assert.That(OrchestratorWatch.IsRunning(Path.Combine(dir, "link", "workspace")), Is.True);
            Assert.That(OrchestratorWatch.IsRunning(other), Is.False, "another workspace's soak");
        }
        finally
        {
            orchestrator.Kill();
            orchestrator.WaitForExit();
            Directory.Delete(dir, recursive: true);
        }
        Assert.That(OrchestratorWatch.IsRunning(workspace), Is.False, "ended");
    }
}
