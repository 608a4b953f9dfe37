using System.Security.Cryptography;
using System.Text;
using Build.Tests.Cloudflare;
using Checklist;
using CliWrap;
using global::Soak;

namespace Build.Tests.Hygiene;

/// <summary>
/// One real <c>./build.sh Soak</c> on the sandbox, started with GITHUB_TOKEN and CLOUDFLARE_API_TOKEN in its
/// environment, read through /proc while it soaks and then killed with SIGKILL (nothing of it can clean up). The
/// environment its control API and orchestrator received holds neither token; the next <c>--continue</c> stops every
/// process the killed run left, and its soak completes.
/// </summary>
[TestFixture, Parallelizable]
public sealed class KilledSoakTests
{
    // Killed at its second sample: ten more seconds of soak to catch it in, and ten for --continue to take.
    private static readonly string[] SoakArgs = ["Soak", "--soak-max-samples", "12", "--soak-interval-secs", "1"];
    private readonly Dictionary<string, string> _secrets = new()
    {
        ["GITHUB_TOKEN"] = Random("ghtok"),
        ["CLOUDFLARE_API_TOKEN"] = Random("cfapi"),
    };
    private SandboxBuildRoot _root = null!;
    private List<MarkedProcess> _whileSoaking = [];
    private List<MarkedProcess> _afterKill = [];
    private string _killedRun = "";

    private string Artifacts => Path.Combine(_root.Path, "artifacts");

    private Dictionary<string, string?> Environment => _secrets.ToDictionary(s => s.Key, s => (string?)s.Value);

    [OneTimeSetUp]
    public async Task KillASoakingBuild()
    {
        _root = new SandboxBuildRoot();
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(SandboxBuildRoot.BuildTimeout);
        var build = _root.BuildCommand(Environment, SoakArgs)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(timeout.Token);
        while (SoakSamples() < 2)
        {
            if (build.Task.IsCompleted) Assert.Fail($"the build ended before its soak took 2 samples:\n{output}");
            await Task.Delay(200);
        }
        _whileSoaking = MarkedProcess.Of(Artifacts);
        // build.sh execs the build, so this is the build process itself.
        System.Diagnostics.Process.GetProcessById(build.ProcessId).Kill();
        await build.Task;
        _afterKill = MarkedProcess.Of(Artifacts);
        _killedRun = _whileSoaking.Select(p => p.RunId).Distinct().Single();
    }

    [OneTimeTearDown]
    public void RemoveRoot()
    {
        // Whatever a failed assertion left: only processes of this root's runs, by their marker.
        foreach (var left in MarkedProcess.Of(Artifacts))
            try { System.Diagnostics.Process.GetProcessById(left.Pid).Kill(); } catch (ArgumentException) { }
        _root.Dispose();
    }

    [Test]
    public void The_VVTV_processes_of_a_run_receive_neither_the_GitHub_nor_the_Cloudflare_API_token()
    {
        var vvtv = _whileSoaking.Where(p => p.CommandLine.Contains("vvtv-control-api")
                                            || p.CommandLine.Contains("vvtv-orchestrator")).ToList();
        Assert.That(vvtv.Select(p => p.CommandLine), Has.Some.Contains("vvtv-control-api")
            .And.Some.Contains("vvtv-orchestrator"), "the soak's API and orchestrator were read while they ran");
        var leaks = (from process in vvtv
                     from variable in process.Environment
                     from secret in _secrets
                     where variable.Key == secret.Key || variable.Value.Contains(secret.Value)
                     select $"{secret.Key} as {variable.Key} in {process}").ToList();
        Assert.That(leaks, Is.Empty, string.Join("\n", leaks));
        // The control token the API needs does reach it: the reading is of the real environment.
        Assert.That(vvtv.Single(p => p.CommandLine.Contains("vvtv-control-api")).Environment.Keys,
            Does.Contain("VVTV_CONTROL_TOKEN"));
    }

    [Test]
    public async Task Continue_after_kill_9_stops_what_the_killed_run_left_and_the_soak_completes()
    {
        Assert.That(_afterKill.Where(p => p.RunId == _killedRun).Select(p => p.CommandLine),
            Has.Some.Contains("vvtv-orchestrator"), "the kill -9 left the run's orchestrator running");

        var result = await _root.BuildAsync(Environment, [.. SoakArgs, "--continue"]);
        var output = result.StandardOutput + result.StandardError;

        foreach (var left in _afterKill)
            Assert.That(output, Does.Contain($"left pid {left.Pid} "), $"the next run names and stops {left}");
        Assert.That(MarkedProcess.Of(Artifacts), Is.Empty, "no process of either run outlives the next run");
        Assert.That(result.ExitCode, Is.EqualTo(0), Tail(output));
        var written = System.Text.RegularExpressions.Regex.Match(output, @"Decision (?:GO|NO-GO) written to (\S+)");
        Assert.That(written.Success, Is.True, Tail(output));
        var decision = DecisionFile.Load(written.Groups[1].Value);
        Assert.That(decision.Items.Single(i => i.Id == "soak.verdict").Status, Is.EqualTo(ItemStatus.Pass));
    }

    private int SoakSamples()
    {
        if (!Directory.Exists(Artifacts)) return 0;
        var journal = Directory.EnumerateFiles(Artifacts, SamplesJournal.FileName, SearchOption.AllDirectories)
            .FirstOrDefault();
        return journal is null ? 0 : new SamplesJournal(journal).Load().Count;
    }

    private static string Random(string prefix) =>
        $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}";

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(60));
}
