using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;
using Checklist;
using Cloudflare;
using Vvtv;
using Build.Tests.Hygiene;

namespace Build.Tests.Cloudflare;

/// <summary>
/// <c>./build.sh CloudflareVerify --skip</c> on the sandbox in local mode: npm packages, local D1, wrangler dev on a
/// free port, the forced nightly pushing to it, the four items with evidence, and no wrangler/workerd left afterwards;
/// also what a run does after one was killed (CloudflareVerifyLocalTests.Kill9.cs).
/// </summary>
[TestFixture]
[Parallelizable]
public sealed partial class CloudflareVerifyLocalTests
{
    private SandboxBuildRoot _root = null!;
    private BufferedCommandResult _local = null!;
    private string? _localRunDir;
    private int? _localPort;
    private bool _localPortListening;
    private List<string> _localProcesses = [];

    // One whole local run serves two tests: it is also the run right after a kill -9 (CloudflareVerifyLocalTests
    // .Kill9.cs), which must stop what that left. What the tests check on the machine is looked at as soon as it ends.
    [OneTimeSetUp]
    public async Task KillOneRunThenRunAgain()
    {
        _root = new SandboxBuildRoot();
        try
        {
            _killed = await KillInWranglerDevAsync();
            _local = await _root.BuildAsync(new Dictionary<string, string?>(), Args);
            _markedAfterNext = MarkedProcess.Of(Artifacts);
            _localRunDir = SandboxBuildRoot.DecidedRunDirOf(_local.StandardOutput);
            var sync = _localRunDir is null ? null
                : Path.Combine(_localRunDir, "evidence", "CloudflareVerify", "sync-variables.json");
            if (sync is not null && File.Exists(sync))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(sync));
                _localPort = new Uri(json.RootElement.GetProperty("base_url").GetString()!).Port;
                _localPortListening = Listening(_localPort.Value);
            }
            if (_localRunDir is not null) _localProcesses = SandboxBuildRoot.ProcessesWorkingUnder(_localRunDir);
        }
        finally
        {
            StopMarkedProcesses();
        }
    }

    [OneTimeTearDown]
    public void RemoveRoot()
    {
        StopMarkedProcesses();
        _root.Dispose();
    }

    [Test]
    public void The_local_worker_proves_all_four_items_and_is_stopped_afterwards()
    {
        var output = _local.StandardOutput + _local.StandardError;
        Assert.That(_local.ExitCode, Is.EqualTo(0), output);

        Assert.That(_localRunDir, Is.Not.Null, $"no decision written:\n{output}");
        var runDir = _localRunDir!;
        var items = SandboxBuildRoot.CloudflareItems(runDir);
        Assert.That(items.Keys, Is.EquivalentTo(new[] { CloudflareChecks.D1Migration, CloudflareChecks.WorkerDeployed,
            CloudflareChecks.SyncVariablesItem, CloudflareChecks.LatestReports }));
        foreach (var item in items.Values)
        {
            Assert.That(item.Status, Is.EqualTo(ItemStatus.Pass), $"{item.Id}: {item.Reason}");
            Assert.That(item.Evidence, Is.Not.Empty, item.Id);
            Assert.That(item.Evidence.Select(e => Path.Combine(runDir, e)), Has.All.Matches<string>(File.Exists),
                item.Id);
        }

        var evidence = Path.Combine(runDir, "evidence", "CloudflareVerify");
        Assert.That(File.ReadAllText(Path.Combine(evidence, "d1-migrations.json")), Does.Contain("0001_init.sql"));
        Assert.That(File.ReadAllText(Path.Combine(evidence, "orchestrator-nightly.log")),
            Does.Contain("cloudflare-daily-sync-ok").And.Contain("cloudflare-weekly-sync-ok"));
        Assert.That(File.ReadAllText(Path.Combine(evidence, "worker-ingest-bad-signature.json")),
            Does.Contain("\"status\": 401").And.Contain("invalid signature"));
        // The Worker's secrets are the run's; wrangler shows them hidden and they never reach the evidence.
        Assert.That(File.ReadAllText(Path.Combine(evidence, "wrangler-dev.log")),
            Does.Contain("env.CONTROL_SECRET (\"(hidden)\")"));

        Assert.That(_localPort, Is.Not.Null, "sync-variables.json names the Worker's base URL");
        Assert.That(_localPort, Is.Not.EqualTo(8787), "wrangler dev must take a free port, not the shared default");
        Assert.That(_localPortListening, Is.False, $"something still listened on port {_localPort} after the run");
        Assert.That(_localProcesses, Is.Empty, "a process of the run outlived it");
    }

    [Test]
    public async Task A_failing_cloud_sync_fails_the_gate_naming_the_orchestrators_error()
    {
        var result = await _root.BuildAsync(new Dictionary<string, string?> { ["VVTV_SIM_FAULTS"] = "sync-fail" },
            "CloudflareVerify", "--skip");
        var output = result.StandardOutput + result.StandardError;
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), output);
        Assert.That(output,
            Does.Contain("cloudflare.latest-reports: cloud sync failed: the orchestrator logged " +
                "cloudflare-daily-sync-failed: control-agent http error"));

        var runDir = _root.RunDirOf(result);
        var items = SandboxBuildRoot.CloudflareItems(runDir);
        Assert.That(items[CloudflareChecks.LatestReports].Status, Is.EqualTo(ItemStatus.Fail));
        Assert.That(items[CloudflareChecks.LatestReports].Reason, Does.Contain("cloudflare-daily-sync-failed"));
        Assert.That(items[CloudflareChecks.LatestReports].Evidence,
            Does.Contain("evidence/CloudflareVerify/orchestrator-nightly.log"));
        // Everything before the nightly still held.
        Assert.That(new[] { CloudflareChecks.D1Migration, CloudflareChecks.WorkerDeployed,
            CloudflareChecks.SyncVariablesItem }.Select(id => items[id].Status),
            Has.All.EqualTo(ItemStatus.Pass));
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(runDir), Is.Empty, "wrangler dev outlived the failed gate");
    }

    [Test]
    public async Task Ctrl_c_while_wrangler_dev_runs_stops_it_and_every_child()
    {
        var output = new StringBuilder();
        TaskCompletionSource<string> workerUp = null!;
        void OnLine(string line)
        {
            lock (output) output.AppendLine(line);
            if (line.Contains("wrangler dev answers on ", StringComparison.Ordinal)) workerUp.TrySetResult(line);
        }
        using var timeout = new CancellationTokenSource(SandboxBuildRoot.BuildTimeout);
        CommandTask<CommandResult> build;
        for (var attempt = 1; ; attempt++)
        {
            lock (output) output.Clear();
            workerUp = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            build = _root.BuildCommand(new Dictionary<string, string?>(), "CloudflareVerify", "--skip")
                .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
                .ExecuteAsync(timeout.Token);
            if (await Task.WhenAny(workerUp.Task, build.Task) == workerUp.Task) break;
            Assert.That(attempt < 3 && SandboxBuildRoot.IsBootstrapFailure((await build).ExitCode, output.ToString()),
                Is.True,
                $"the build ended before wrangler dev answered:\n{output}");
        }
        var port = new Uri(workerUp.Task.Result.Split("answers on ")[1].Split(' ')[0]).Port;
        Assert.That(Listening(port), Is.True);

        // build.sh execs the build, so its pid is the build's.
        await Cli.Wrap("kill").WithArguments(["-INT", build.ProcessId.ToString()]).ExecuteAsync();
        var result = await build;

        Assert.That(result.ExitCode, Is.Not.EqualTo(0), output.ToString());
        Assert.That(output.ToString(), Does.Contain("Aborted"));
        Assert.That(Listening(port), Is.False, $"wrangler dev still listens on {port} after Ctrl-C");
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(_root.RunDirOf(output.ToString())), Is.Empty,
            "a process of the run outlived Ctrl-C");
    }

    [Test]
    public async Task A_checkouts_worker_checked_locally_proves_no_item_and_is_left_as_found()
    {
        var checkout = Path.Combine(_root.Path, "voulezvous-tv");
        SandboxBuildRoot.CopyTree(Repository.PathOf("sandbox", "workspace"), checkout, "node_modules", ".wrangler",
            "runtime");
        var worker = Path.Combine(checkout, "cloudflare", "worker");
        File.Delete(Path.Combine(worker, "package-lock.json"));
        File.WriteAllText(Path.Combine(worker, "package.json"), WorkerPackagesTests.UpstreamPackageJson);
        foreach (var git in new[] { new[] { "init", "-q" }, ["add", "-A"],
            ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "checkout"] })
            await Cli.Wrap("git").WithArguments(git).WithWorkingDirectory(checkout).ExecuteAsync();

        var result = await _root.BuildAsync(new Dictionary<string, string?>
        {
            ["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["VVTV_CONTROL_TOKEN"] = "checkout-control-token-4c1d",
            ["VVTV_CONTROL_SECRET"] = "checkout-control-secret-9e2a",
        }, "CloudflareVerify", "--skip", "--vvtv-root", checkout, "--cloudflare-mode", "local");
        var output = result.StandardOutput + result.StandardError;
        // The checks ran and held on the local Worker, yet a checkout claims only what it proved: its deployment is
        // unproved, so GO needs remote mode.
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain(
            "cloudflare.worker-deployed: local workerd proves the Worker's code, not its deployment"));
        var items = SandboxBuildRoot.CloudflareItems(_root.RunDirOf(result));
        Assert.That(items.Values.Select(i => i.Status), Has.All.EqualTo(ItemStatus.Fail));
        foreach (var item in items.Values)
        {
            Assert.That(item.Reason, Does.Contain("--cloudflare-mode remote"), item.Id);
            Assert.That(item.Reason, Does.Contain("it held locally"), $"{item.Id}: the local check itself held");
        }

        var status = await Cli.Wrap("git").WithArguments(["status", "--porcelain"]).WithWorkingDirectory(checkout)
            .ExecuteBufferedAsync();
        Assert.That(status.StandardOutput, Is.Empty,
            "the checkout is left as found (its .wrangler/ state is git-ignored)");
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(checkout), Is.Empty);
    }

    // A port of the builds' loopback: in their own network namespace, whose sockets only its /proc tables show.
    private bool Listening(int port) =>
        _root.Network is null ? LoopbackPorts.IsListening(port) : PortListener.Find(port, _root.ProcNet) is not null;
}
