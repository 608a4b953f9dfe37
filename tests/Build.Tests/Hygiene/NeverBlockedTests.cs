using System.Text;
using Build.Tests.Cloudflare;
using Checklist;
using CliWrap;
using Engine;
using Tests.Shared;

namespace Build.Tests.Hygiene;

/// <summary>
/// Real ./build.sh runs that once waited for good: Release --skip reading a FIFO named decision.json of an earlier run
/// (while holding the port-7070 lock), and a build waiting for the port lock that Ctrl-C must end.
/// </summary>
[TestFixture, Parallelizable]
public sealed class NeverBlockedTests
{
    [Test]
    public async Task Release_skip_refuses_a_FIFO_named_decision_json_and_ends()
    {
        using var root = new SandboxBuildRoot();
        var earlier = Path.Combine(root.Path, "artifacts", "runs", RunId.New(DateTimeOffset.UtcNow.AddHours(-1)));
        Directory.CreateDirectory(earlier);
        var fifo = Path.Combine(earlier, DecisionFile.JsonName);
        await Cli.Wrap("mkfifo").WithArguments([fifo]).ExecuteAsync();

        // Were the FIFO opened, the build would wait here until the test's own timeout.
        var result = await root.BuildAsync(new Dictionary<string, string?>(), "Release", "--skip");
        var output = result.StandardOutput + result.StandardError;

        Assert.That(output, Does.Contain("FIFO"), "the refusal names what the file is");
        Assert.That(output, Does.Contain("Decision NO-GO written to"), "the run still decided, on its own evidence");
    }

    [Test]
    public async Task Ctrl_C_ends_a_build_that_waits_for_the_port_lock()
    {
        // The build must wait for the lock this test holds: the one of the test's own network namespace.
        using var root = new SandboxBuildRoot(ownNetwork: false);
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(SandboxBuildRoot.BuildTimeout);
        CommandTask<CommandResult> build;
        using (LoopbackPortLock.Acquire(7070))
        {
            build = root.BuildCommand(new Dictionary<string, string?>(), "Security", "--skip")
                .WithStandardOutputPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
                .ExecuteAsync(timeout.Token);
            while (!Said(output, "waiting for it to finish"))
            {
                if (build.Task.IsCompleted) Assert.Fail($"the build never waited for the lock:\n{output}");
                await Task.Delay(200);
            }
            // build.sh execs the build, so this is the build process itself.
            await Cli.Wrap("kill").WithArguments(["-INT", build.ProcessId.ToString()]).ExecuteAsync();
            // Awaited while the test still holds the lock: the build ends without ever getting it.
            var result = await build;
            Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        }
        Assert.That(Said(output, "═══ Security"), Is.False, $"Security never started:\n{output}");
    }

    private static bool Said(StringBuilder output, string text)
    {
        lock (output) return output.ToString().Contains(text, StringComparison.Ordinal);
    }
}
