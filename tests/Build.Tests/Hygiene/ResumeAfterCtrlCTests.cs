using System.Text;
using Build.Tests.Cloudflare;
using CliWrap;
using Vvtv;

namespace Build.Tests.Hygiene;

/// <summary>
/// Ctrl-C while the Runbook forces a nightly, then an immediate <c>Runbook --skip --continue</c>: the interrupted run
/// released the scheduler lease of the orchestrator it stopped, so the resumed nightly runs instead of standing by for
/// 30 s. --skip: the lease lives in the run's own sandbox copy, which --continue reopens whatever ran before the
/// Runbook, so the gates before it would only cost time.
/// </summary>
[TestFixture, Parallelizable]
public sealed class ResumeAfterCtrlCTests
{
    private static readonly string[] Runbook = ["Runbook", "--skip"];

    [Test]
    public async Task Runbook_continue_right_after_Ctrl_C_passes_force_nightly()
    {
        using var root = new SandboxBuildRoot();
        var none = new Dictionary<string, string?>();
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(SandboxBuildRoot.BuildTimeout);
        var build = root.BuildCommand(none, Runbook)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .ExecuteAsync(timeout.Token);
        // Ctrl-C once the forced nightly's orchestrator holds the scheduler lease, so that only the interrupted
        // run's release of it lets the resumed nightly run (interrupted earlier, there is no lease to release).
        while (!Said(output, "Runbook: running runbook-force-nightly") || LeaseHolder(root) is null)
        {
            if (build.Task.IsCompleted)
                Assert.Fail($"the build ended before the forced nightly's orchestrator held the lease:\n{output}");
            await Task.Delay(50);
        }
        // build.sh execs the build, so this is the build process itself.
        await Cli.Wrap("kill").WithArguments(["-INT", build.ProcessId.ToString()]).ExecuteAsync();
        await build;

        var resumed = await root.BuildAsync(none, [.. Runbook, "--continue"]);
        var text = resumed.StandardOutput + resumed.StandardError;
        Assert.That(text, Does.Contain("--continue: reopened run"),
            "the interrupted run's sandbox copy, lease and all");
        Assert.That(text, Does.Contain("runbook.force-nightly: Pass"), Tail(text));
        Assert.That(resumed.ExitCode, Is.EqualTo(0), Tail(text));
    }

    // The lease in the run's own sandbox copy (the root's only run).
    private static SchedulerLockHolder? LeaseHolder(SandboxBuildRoot root)
    {
        var runs = Path.Combine(root.Path, "artifacts", "runs");
        return Directory.Exists(runs) && Directory.GetDirectories(runs) is [var run]
            ? SchedulerLease.Holder(Path.Combine(run, "workspace", "runtime", "state", "vvtv.db"))
            : null;
    }

    private static bool Said(StringBuilder output, string text)
    {
        lock (output) return output.ToString().Contains(text, StringComparison.Ordinal);
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(60));
}
