using System.Text;
using Build.Tests.Cloudflare;
using CliWrap;

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
        while (!Said(output, "Runbook: running runbook-force-nightly"))
        {
            if (build.Task.IsCompleted) Assert.Fail($"the build ended before the Runbook forced a nightly:\n{output}");
            await Task.Delay(100);
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

    private static bool Said(StringBuilder output, string text)
    {
        lock (output) return output.ToString().Contains(text, StringComparison.Ordinal);
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(60));
}
