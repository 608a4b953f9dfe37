using System.Text;
using Build.Tests.Hygiene;
using CliWrap;

namespace Build.Tests.Cloudflare;

/// <summary>
/// <c>./build.sh CloudflareVerify --skip</c> killed with SIGKILL while its local Worker (wrangler, workerd) runs: the
/// next run of the same artifacts stops every process the killed run left that is still running, naming each. That
/// next run is the fixture's whole local run, which The_local_worker_proves_all_four_items... reads too.
/// </summary>
/// <remarks>What the kill left is frozen (SIGSTOP) until the next run: a wrangler dev whose build is gone ends by
/// itself on its first write to the dead build's pipes, at a moment no test controls, and takes its Worker with it.
/// Frozen, it is still there for the next run to find, which must stop it all the same.</remarks>
public sealed partial class CloudflareVerifyLocalTests
{
    private static readonly string[] Args = ["CloudflareVerify", "--skip"];

    /// <summary>What the SIGKILLed build left: its Worker under wrangler dev (null when the build ended before one
    /// ran), the marked processes alive after the kill, and the build's output.</summary>
    private sealed record Killed(MarkedProcess? Worker, List<MarkedProcess> Left, string Output);

    private Killed _killed = null!;
    private List<MarkedProcess> _markedAfterNext = [];

    [Test]
    public void The_next_run_after_kill_9_in_CloudflareVerify_leaves_no_wrangler_or_workerd()
    {
        Assert.That(_killed.Worker, Is.Not.Null, $"the build ended before its Worker ran:\n{_killed.Output}");
        Assert.That(_killed.Left.Select(p => p.Pid), Does.Contain(_killed.Worker!.Pid),
            "the kill -9 left the Worker running");
        var nextOutput = _local.StandardOutput + _local.StandardError;
        Assert.That(nextOutput, Does.Contain($"left pid {_killed.Worker.Pid} "),
            "the next run names and stops the Worker left by the kill");
        Assert.That(_markedAfterNext, Is.Empty, "no process of either run outlives the next run");
    }

    private string Artifacts => Path.Combine(_root.Path, "artifacts");

    private async Task<Killed> KillInWranglerDevAsync()
    {
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(SandboxBuildRoot.BuildTimeout);
        var answered = new TaskCompletionSource();
        var answering = PipeTarget.ToDelegate(line =>
        {
            if (line.Contains("wrangler dev answers on", StringComparison.Ordinal)) answered.TrySetResult();
        });
        var build = _root.BuildCommand(new Dictionary<string, string?>(), Args)
            .WithStandardOutputPipe(PipeTarget.Merge(PipeTarget.ToStringBuilder(output), answering))
            .WithStandardErrorPipe(PipeTarget.Merge(PipeTarget.ToStringBuilder(output), answering))
            .ExecuteAsync(timeout.Token);
        // The Worker's runtime under `wrangler dev`, not npm installing its package nor the short-lived workerd of
        // `d1 migrations apply`, which may end by itself before the next run looks.
        // Killed once it answers: a wrangler dev still printing its start-up lines to the dead build's pipes may end
        // on the broken pipe, and its Worker with it, before the next run looks.
        MarkedProcess? worker;
        while (((worker = WorkerUnderWranglerDev(MarkedProcess.Of(Artifacts))) is null
                || !answered.Task.IsCompleted) && !build.Task.IsCompleted)
            await Task.Delay(200);
        // build.sh execs the build, so this is the build process itself.
        if (worker is not null) System.Diagnostics.Process.GetProcessById(build.ProcessId).Kill();
        await build.Task;
        var left = MarkedProcess.Of(Artifacts);
        if (left.Count > 0)
            await Cli.Wrap("kill").WithArguments(["-s", "STOP", "--", .. left.Select(p => p.Pid.ToString())])
                .WithValidation(CommandResultValidation.None).ExecuteAsync();
        return new Killed(worker, MarkedProcess.Of(Artifacts), output.ToString());
    }

    // Whatever a failed run left is not left for the fixture's other runs nor the machine.
    private void StopMarkedProcesses()
    {
        foreach (var process in MarkedProcess.Of(Artifacts))
            try { System.Diagnostics.Process.GetProcessById(process.Pid).Kill(); } catch (ArgumentException) { }
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
