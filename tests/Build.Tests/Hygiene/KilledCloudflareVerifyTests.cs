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
        // The Worker's runtime under `wrangler dev`, not npm installing its package nor the short-lived workerd of
        // `d1 migrations apply`, which may end by itself before the next run looks.
        MarkedProcess? worker;
        while ((worker = WorkerUnderWranglerDev(MarkedProcess.Of(artifacts))) is null)
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
            Assert.That(left.Select(p => p.Pid), Does.Contain(worker.Pid), "the kill -9 left the Worker running");

            var next = await root.BuildAsync(none, Args);
            var nextOutput = next.StandardOutput + next.StandardError;
            // Other children the kill left may end by themselves before the next run looks; the Worker does not.
            Assert.That(nextOutput, Does.Contain($"left pid {worker.Pid} "),
                $"the next run names and stops the Worker left by the kill:\n{nextOutput}");
            Assert.That(MarkedProcess.Of(artifacts), Is.Empty, "no process of either run outlives the next run");
        }
        finally
        {
            foreach (var process in MarkedProcess.Of(artifacts))
                try { System.Diagnostics.Process.GetProcessById(process.Pid).Kill(); } catch (ArgumentException) { }
        }
    }

    private static MarkedProcess? WorkerUnderWranglerDev(List<MarkedProcess> processes)
    {
        var dev = processes.Where(p => p.CommandLine.Contains("wrangler.js dev")).Select(p => p.Pid).ToHashSet();
        return processes.FirstOrDefault(p => p.CommandLine.Contains("bin/workerd") && HasAncestorIn(p.Pid, dev));
    }

    private static bool HasAncestorIn(int pid, HashSet<int> ancestors)
    {
        for (var parent = ParentOf(pid); parent > 1; parent = ParentOf(parent))
            if (ancestors.Contains(parent)) return true;
        return false;
    }

    // /proc/<pid>/stat is "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException) { return 0; }
    }
}
