using System.Text;
using System.Text.RegularExpressions;
using Build.Tests.Cloudflare;
using Build.Tests.Publishing.FakeGitHub;
using Build.Tests.Release;
using Build.Tests.Soak;
using Checklist;
using CliWrap;
using Engine;
using global::Soak;
using Tests.Shared;
using Vvtv;

namespace Build.Tests.FaultMatrix;

/// <summary>
/// The world of one matrix row: a fresh build root (the repository's sandbox linked in), an earlier run of the same
/// VVTV commit in which every gate passed (so a Release that is reached has passing evidence to adopt and only the
/// fault can stop it), and a fake GitHub with a valid token, so a wrong GO would really publish. The test never holds
/// the port lock while the build runs (the build takes it).
/// </summary>
public sealed partial class FaultBuild : IDisposable
{
    private const string Token = "ghs-fault-matrix-5be1c0";
    private const string GitHubRepository = "danvoulez/voulezvous-tv";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10); // mostly the wait for other runs' port-7070 lock
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    // The fake GitHub listens where the builds run: in their own namespace where the machine allows it.
    private readonly SandboxBuildRoot _root = new(ownNetwork: OwnNetwork.CanHostServers);
    private readonly StringBuilder _output = new();
    private Task? _build;
    private int _pid;

    public FaultBuild()
    {
        var template = Repository.PathOf("sandbox", "workspace");
        EvidenceRuns.Finished(Artifacts, WorkspaceIdentity.Of(template, template),
            DateTimeOffset.UtcNow.AddMinutes(-30));
        GitHub = new FakeGitHubServer(Token, _root.Network);
    }

    /// <summary>The build root; every process of the row runs below it.</summary>
    public string Path => _root.Path;

    public string Artifacts => System.IO.Path.Combine(Path, "artifacts");

    /// <summary>Where a row with an edited checkout keeps it (passed as --vvtv-root).</summary>
    public string Checkout => System.IO.Path.Combine(Path, "checkout");

    public FakeGitHubServer GitHub { get; }

    /// <summary>Runs the row's targets and then Release --skip with the token; retries a run that never got past
    /// build.sh's bootstrap.</summary>
    public async Task<FaultOutcome> RunAsync(FaultRow row, string flavour)
    {
        var names = row.Targets.TakeWhile(t => !t.StartsWith('-')).ToList();
        var parameters = row.Targets.Skip(names.Count).ToList();
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_TOKEN"] = Token,
            ["VVTV_SIM_FAULTS"] = row.IsSandboxFault ? row.Fault : null,
            ["VVTV_SANDBOX_FLAVOUR"] = flavour,
        };
        if (row.EditCheckout is { } edit)
        {
            SandboxBuildRoot.CopyTree(Repository.PathOf("sandbox", "workspace"), Checkout, "node_modules", ".wrangler",
                "runtime", "target");
            edit(Checkout);
            // Evidence names the commit it proves, so a checkout is a git repository with one.
            await Git("init", "-q");
            await Git("add", "-A");
            await Git("-c", "user.name=fault-matrix", "-c", "user.email=fault-matrix@example.invalid", "commit", "-q",
                "-m", "checkout under test");
            parameters.AddRange(["--vvtv-root", Checkout]);
            // A checkout run reads its secrets from the environment and finds cargo on PATH, as on a release manager's
            // machine.
            environment["VVTV_CONTROL_TOKEN"] = "tok-fault-matrix-checkout";
            environment["VVTV_CONTROL_SECRET"] = "sec-fault-matrix-checkout";
            environment["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{System.Environment.GetEnvironmentVariable("PATH")}";
        }
        string[] args = [.. names, "Release", "--skip", .. parameters, "--github-api-url", GitHub.ApiBase.ToString(),
            "--github-repository", GitHubRepository];
        for (var attempt = 1; ; attempt++)
        {
            var started = DateTime.UtcNow;
            var (exit, output) = await RunOnceAsync(environment, args, row.During);
            var waited = LockWait().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value,
                System.Globalization.CultureInfo.InvariantCulture) : 0;
            TestContext.Out.WriteLine($"{row.Fault}: ./build.sh {string.Join(' ', args)}: " +
                $"{(DateTime.UtcNow - started).TotalSeconds - waited:0.0} s, plus {waited:0.0} s waiting " +
                    $"for the port lock");
            if (attempt < 3 && SandboxBuildRoot.IsBootstrapFailure(exit, output)) continue;
            var decision = DecisionLine().Matches(output).LastOrDefault()?.Groups[1].Value
                ?? throw new AssertionException($"./build.sh {string.Join(' ', args)} wrote no decision (exit " +
                    $"{exit}):\n{output}");
            return new FaultOutcome(exit, output, System.IO.Path.GetDirectoryName(decision)!,
                DecisionFile.Load(decision));
        }
    }

    /// <summary>Waits until the running build's soak journaled <paramref name="samples"/> samples; fails when the build
    /// ends first.</summary>
    public async Task WaitForSoakSamplesAsync(int samples)
    {
        while (true)
        {
            var journal = Directory.Exists(Artifacts)
                ? Directory.EnumerateFiles(Artifacts, SamplesJournal.FileName, SearchOption.AllDirectories)
                    .FirstOrDefault()
                : null;
            if (journal is not null && new SamplesJournal(journal).Load().Count >= samples) return;
            if (_build!.IsCompleted) throw new BuildEndedException();
            await Task.Delay(Poll);
        }
    }

    /// <summary>Ctrl-C: SIGINT to the build process (build.sh execs it), as a terminal or a cancelled CI job sends
    /// it.</summary>
    public Task InterruptAsync() => Cli.Wrap("kill").WithArguments(["-INT", _pid.ToString()]).ExecuteAsync();

    /// <summary>Kills (SIGKILL) the control API on port 7070, only when it runs below this row's root: the one the
    /// build started.</summary>
    public void KillControlApi()
    {
        var listener = PortListener.Find(7070, _root.ProcNet);
        Assert.That(listener is { Known: true } && listener.RunsIn(Path), Is.True,
            $"the control API on 7070 is not this row's: {listener?.ToString() ?? "nothing listens"}");
        using var api = System.Diagnostics.Process.GetProcessById(listener!.Pid!.Value);
        api.Kill();
    }

    /// <summary>
    /// What every row must leave: no process below the root, nothing on port 7070, emergency mode off when the run
    /// switched it on, no release bundle and no write to GitHub.
    /// </summary>
    public async Task AssertNothingLeftAsync(FaultOutcome outcome)
    {
        Assert.That(await Processes.SettleAsync(Path), Is.Empty, "processes of the run outlived it");
        PortListener? listener;
        if (_root.Network is not null) listener = PortListener.Find(7070, _root.ProcNet);
        else using (LoopbackPortLock.Acquire(7070)) listener = PortListener.Find(7070);
        Assert.That(listener, Is.Null, $"something still listens on 7070: {listener}");
        // The flag lives only in the API process (D-R14): switched back (status RUNNING), or gone with its API (nothing
        // on 7070, above).
        var evidence = System.IO.Path.Combine(outcome.RunDir, "evidence", "Runbook");
        if (File.Exists(System.IO.Path.Combine(evidence, "status-after-emergency-on.json")))
        {
            var off = System.IO.Path.Combine(evidence, "status-after-emergency-off.json");
            Assert.That(File.Exists(off) && ApiStatus.Parse(File.ReadAllText(off), off).State == "RUNNING"
                        || outcome.Output.Contains("emergency mode was left on; switched it off")
                            || outcome.Output.Contains("the API that held it is gone"),
                Is.True, $"the run switched emergency mode on and never back off:\n{outcome.Tail}");
        }
        Assert.That(Directory.Exists(System.IO.Path.Combine(Artifacts, "release")), Is.False,
            "a NO-GO run left a release bundle or publish plan");
        var writes = GitHub.Requests.Where(r => r.StartsWith("POST") || r.StartsWith("PATCH") || r.StartsWith("DELETE")
            || r.StartsWith("PUT")).ToList();
        Assert.That(writes, Is.Empty, "a NO-GO run wrote to GitHub");
    }

    private async Task<(int Exit, string Output)> RunOnceAsync(IReadOnlyDictionary<string, string?> environment,
        string[] args, Func<FaultBuild, Task>? during)
    {
        lock (_output) _output.Clear();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        var task = _root.BuildCommand(environment, args)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Append))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Append))
            .ExecuteAsync(timeout.Token);
        _pid = task.ProcessId;
        _build = task.Task;
        if (during is not null)
        {
            try { await during(this); }
            catch (BuildEndedException) { /* judged below: a bootstrap failure is retried,
                anything else fails on its decision */ }
            catch when (!task.Task.IsCompleted)
            {
                // A kill point that could not be played must not leave its build running.
                await InterruptAsync();
                await task;
                throw;
            }
        }
        var result = await task;
        lock (_output) return (result.ExitCode, _output.ToString());
    }

    private Task Git(params string[] args) => Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(Checkout)
        .ExecuteAsync();

    private void Append(string line)
    {
        lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        GitHub.Dispose();
        _root.Dispose();
    }

    [GeneratedRegex(@"Decision (?:GO|NO-GO) written to (\S+decision\.json)")]
    private static partial Regex DecisionLine();

    [GeneratedRegex(@"port 7070 is free after (\d+(?:\.\d+)?) s of waiting")]
    private static partial Regex LockWait();

    private sealed class BuildEndedException : Exception;
}
