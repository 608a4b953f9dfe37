using System.Text;
using Build.Tests.Cloudflare;
using CliWrap;

namespace Build.Tests.Hygiene;

/// <summary>
/// <c>./build.sh CloudflareVerify --skip</c> killed with SIGKILL while its local Worker (wrangler, workerd) runs: the
/// next run of the same artifacts stops every process the killed run left that is still running, naming each.
/// </summary>
[TestFixture, Parallelizable]
public sealed class KilledCloudflareVerifyTests
{
    private static readonly string[] Args = ["CloudflareVerify", "--skip"];

    [Test]
    public async Task The_next_run_after_kill_9_in_CloudflareVerify_leaves_no_wrangler_or_workerd()
    {
        using var root = new SandboxBuildRoot();
        var artifacts = Path.Combine(root.Path, "artifacts");
        var none = new Dictionary<string, string?>();
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(SandboxBuildRoot.BuildTimeout);
        var build = root.BuildCommand(none, Args)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(timeout.Token);
        // The Worker runtime itself, not npm installing its package.
        while (!MarkedProcess.Of(artifacts).Any(p => p.CommandLine.Contains("bin/workerd")))
        {
            if (build.Task.IsCompleted) Assert.Fail($"the build ended before its Worker ran:\n{output}");
            await Task.Delay(200);
        }
        // build.sh execs the build, so this is the build process itself.
        System.Diagnostics.Process.GetProcessById(build.ProcessId).Kill();
        await build.Task;
        var left = MarkedProcess.Of(artifacts);
        try
        {
            Assert.That(left.Select(p => p.CommandLine), Has.Some.Contains("bin/workerd"),
                "the kill -9 left the Worker running");

            var next = await root.BuildAsync(none, Args);
            var nextOutput = next.StandardOutput + next.StandardError;
            // A short-lived child (the workerd of `d1 migrations apply`) may end by itself before the next run looks,
            // so not every left pid is named; the Worker's runtime does not end by itself, so some workerd is, and
            // nothing outlives the next run (below).
            Assert.That(left.Where(p => p.CommandLine.Contains("bin/workerd"))
                    .Any(p => nextOutput.Contains($"left pid {p.Pid} ")),
                $"the next run names and stops the Worker left by the kill:\n{nextOutput}");
            Assert.That(MarkedProcess.Of(artifacts), Is.Empty, "no process of either run outlives the next run");
        }
        finally
        {
            foreach (var process in MarkedProcess.Of(artifacts))
                try { System.Diagnostics.Process.GetProcessById(process.Pid).Kill(); } catch (ArgumentException) { }
        }
    }
}
