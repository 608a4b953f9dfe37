using System.Text;
using System.Text.RegularExpressions;
using Build.Tests.Support;
using Checklist;
using CliWrap;
using Engine;
using Tests.Shared;
using Vvtv;

namespace BuildTests.Gates;

/// <summary>
/// One real ./build.sh run on the sandbox: exit code, output, the run folder and its decision.json. It runs in a
/// network namespace of its own where the machine allows one (then port 7070 is its own), else it never holds the
/// port lock itself while the build runs (the build takes it) and afterwards takes the lock to look at port 7070
/// without racing another run. Runs on the repository's root take turns with each other and with the other test
/// projects' readers of its artifacts/runs (<see cref="RepositoryRunsLock"/>).
/// </summary>
internal sealed partial record BuildShRun(int ExitCode, string Output, string RunDir, DecisionDocument Decision,
    PortListener? ListenerAfter)
{
    public static async Task<BuildShRun> RunAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan timeout,
        params string[] args)
    {
        using var turn = await RepositoryRunsLock.AcquireAsync();
        return await RunWithRetriesAsync(environment, timeout, args);
    }

    private static async Task<BuildShRun> RunWithRetriesAsync(
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, string[] args)
    {
        // Concurrent ./build.sh calls on this machine can trip over each other's bootstrap (rebuild of the build); that
        // run never started.
        for (var attempt = 1; ; attempt++)
        {
            var run = await RunOnceAsync(environment, timeout, args);
            if (run is not null || attempt == 3) return run
                ?? throw new AssertionException($"./build.sh {string.Join(' ', args)} never got past its bootstrap");
        }
    }

    private static async Task<BuildShRun?> RunOnceAsync(IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, string[] args)
    {
        var output = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout);
        using var network = OwnNetwork.TryCreate();
        var result = await BuildSh.In(network, [.. args, "--no-logo"])
            .WithWorkingDirectory(Repository.Root)
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cts.Token, CancellationToken.None);
        var text = output.ToString();
        if (!text.Contains("Build succeeded on") && !text.Contains("Build failed on") && !DecisionLine()
            .IsMatch(text)) return null;
        var decision = DecisionLine().Matches(text).LastOrDefault()
            ?? throw new AssertionException($"./build.sh {string.Join(' ', args)} wrote no decision (exit " +
                $"{result.ExitCode}):\n{Tail(text)}");
        var decisionFile = decision.Groups[1].Value;
        PortListener? listener;
        if (network is not null) listener = PortListener.Find(7070, network.ProcNet);
        else using (LoopbackPortLock.Acquire(7070)) listener = PortListener.Find(7070);
        return new BuildShRun(result.ExitCode, text, Path.GetDirectoryName(decisionFile)!,
            DecisionFile.Load(decisionFile), listener);
    }

    public DecisionItem Item(string id) => Decision.Items.Single(i => i.Id == id);

    public static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(60));

    [GeneratedRegex(@"Decision (?:GO|NO-GO) written to (\S+decision\.json)")]
    private static partial Regex DecisionLine();
}
