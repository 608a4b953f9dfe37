using System.Text;
using System.Text.RegularExpressions;
using Build.Tests.Cloudflare;
using Checklist;
using CliWrap;
using CliWrap.Buffered;

namespace Build.Tests.Release;

/// <summary>
/// A real ./build.sh Release stopped at CloudflareVerify, then <c>Release --continue</c>: the decision is GO on the
/// run's own evidence, every item naming one run and one sandbox copy, never adopted or "skipped" placeholders.
/// </summary>
[TestFixture, Parallelizable]
public sealed partial class ResumedReleaseTests
{
    private static readonly Dictionary<string, string?> None = new();

    // A whole Release, plus the wait for the machine-wide port-7070 lock while other runs hold it.
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromMinutes(40);

    [Test]
    public async Task Sync_fail_then_continue_is_GO_with_every_item_proved_by_the_resumed_run()
    {
        using var root = new SandboxBuildRoot();
        var failed = await BuildAsync(root, new Dictionary<string, string?> { ["VVTV_SIM_FAULTS"] = "sync-fail" },
            "Release");
        Assert.That(failed.ExitCode, Is.Not.EqualTo(0), Tail(failed));
        var first = Decision(failed);
        Assert.That(first.Decision, Is.EqualTo("NO-GO"), Tail(failed));
        Assert.That(first.Items.Single(i => i.Id == "cloudflare.latest-reports").Status, Is.EqualTo(ItemStatus.Fail),
            Tail(failed));

        var resumed = await BuildAsync(root, None, "Release", "--continue");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), Tail(resumed));
        var decision = Decision(resumed);
        Assert.That(decision.Decision, Is.EqualTo("GO"), Tail(resumed));
        Assert.That(decision.RunId, Is.EqualTo(first.RunId), "--continue reopened the run");
        Assert.That(decision.Attempt, Is.EqualTo(2));
        Assert.That(decision.Items.Select(i => i.Run).Distinct(), Is.EqualTo(new[] { decision.RunId }),
            "one run proved every item");
        Assert.That(decision.Items.Select(i => i.Workspace).Distinct(), Is.EqualTo(new[] { first.Workspace }),
            "one sandbox copy, the run's own");
        Assert.That(first.Workspace, Does.StartWith("sandbox-copy-"));
        Assert.That(decision.Items.Where(i => i.Reason.StartsWith("adopted from run", StringComparison.Ordinal)),
            Is.Empty);
        Assert.That(decision.Items.Single(i => i.Id == "build.cargo-test").Attempt, Is.EqualTo(1),
            "the first attempt's passes are kept as its own");
        Assert.That(decision.Items.Single(i => i.Id == "cloudflare.latest-reports").Attempt, Is.EqualTo(2),
            "the retried gate decides on its latest attempt");
    }

    [Test]
    public async Task SIGTERM_in_CloudflareVerify_then_continue_in_a_clean_artifacts_folder_is_GO_on_its_own_evidence()
    {
        using var root = new SandboxBuildRoot();
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        var build = root.BuildCommand(None, "Release")
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .ExecuteAsync(timeout.Token);
        while (!Said(output, "═══ CloudflareVerify"))
        {
            if (build.Task.IsCompleted) Assert.Fail($"the build ended before CloudflareVerify:\n{output}");
            await Task.Delay(200);
        }
        // build.sh execs the build, so this is the build process itself.
        await Cli.Wrap("kill").WithArguments(["-TERM", build.ProcessId.ToString()]).ExecuteAsync();
        var interrupted = await build;
        Assert.That(interrupted.ExitCode, Is.Not.EqualTo(0));
        Directory.Delete(Path.Combine(root.Path, "artifacts"), recursive: true);

        var resumed = await BuildAsync(root, None, "Release", "--continue");
        var text = resumed.StandardOutput + resumed.StandardError;
        Assert.That(text, Does.Contain("the targets the previous attempt passed run again"), Tail(resumed));
        Assert.That(resumed.ExitCode, Is.EqualTo(0), Tail(resumed));
        var decision = Decision(resumed);
        Assert.That(decision.Decision, Is.EqualTo("GO"));
        Assert.That(decision.Items.Where(i => i.Reason.Contains("no earlier run", StringComparison.Ordinal)),
            Is.Empty);
        Assert.That(decision.Items.Select(i => i.Run).Distinct(), Is.EqualTo(new[] { decision.RunId }));
        Assert.That(decision.Items.Select(i => i.Attempt).Distinct(), Is.EqualTo(new[] { 1 }),
            "a new run: the removed one left nothing to continue");
    }

    private static async Task<BufferedCommandResult> BuildAsync(SandboxBuildRoot root,
        IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        return await root.BuildCommand(environment, args).ExecuteBufferedAsync(timeout.Token);
    }

    private static DecisionDocument Decision(BufferedCommandResult result)
    {
        var written = DecisionLine().Matches(result.StandardOutput).LastOrDefault();
        Assert.That(written, Is.Not.Null, Tail(result));
        return DecisionFile.Load(written!.Groups[1].Value);
    }

    private static bool Said(StringBuilder output, string text)
    {
        lock (output) return output.ToString().Contains(text, StringComparison.Ordinal);
    }

    private static string Tail(BufferedCommandResult result) =>
        string.Join('\n', (result.StandardOutput + result.StandardError).Split('\n').TakeLast(60));

    [GeneratedRegex(@"Decision (?:GO|NO-GO) written to (\S+decision\.json)")]
    private static partial Regex DecisionLine();
}
