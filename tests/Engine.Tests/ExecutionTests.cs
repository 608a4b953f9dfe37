using CliWrap;
using Engine;

namespace EngineTests;

public sealed class ExecutionTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() => _run = new TestRun();
    [TearDown] public void TearDown() => _run.Dispose();

    [Test]
    public void Failure_stops_the_run_but_assured_targets_still_run()
    {
        var (exit, output) = _run.Run<FailureBuild>();
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "First", "Broken", "Cleanup" }));
        Assert.That(output, Does.Match(@"Broken\s+Failed\s+< 1sec\s+// disk is full"));
        Assert.That(output, Does.Match(@"Later\s+NotRun"));
        Assert.That(output, Does.Match(@"First\s+Succeeded\s+< 1sec"));
        Assert.That(output, Does.Contain("Total").And.Contain("Build failed on"));
        Assert.That(output, Does.Contain("Warnings & errors:").And.Contain("ERR target Broken failed: disk is full"));
    }

    [Test]
    public void ProceedAfterFailure_lets_later_targets_run_but_exit_code_is_still_1()
    {
        var (exit, output) = _run.Run<FailureBuild>("--proceed");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "First", "Broken", "Later", "Cleanup" }));
        Assert.That(output, Does.Contain("Build failed"));
    }

    [Test]
    public void Success_summary_and_exit_code_zero()
    {
        var (exit, output) = _run.Run<GraphBuild>("Restore");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Contain("═══ Restore ═══").And.Match(@"Restore\s+Succeeded")
            .And.Contain("Build succeeded on"));
    }

    [Test]
    public void Continue_skips_targets_that_succeeded_in_the_previous_attempt()
    {
        ContinueBuild.Attempt = 1;
        var (exit, _) = _run.Run<ContinueBuild>();
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Step1", "Step2" }));
        ContinueBuild.Attempt = 2;
        var (exit2, output) = _run.Run<ContinueBuild>("--continue");
        Assert.That(exit2, Is.EqualTo(0), output);
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Step2" }));
        Assert.That(output, Does.Contain("succeeded in the previous attempt"));
        // Without --continue everything runs again.
        _run.Run<ContinueBuild>();
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Step1", "Step2" }));
    }

    [Test]
    public void Continue_runs_the_previous_attempts_targets_again_when_the_build_says_their_output_is_gone()
    {
        ContinueBuild.Attempt = 1;
        _run.Run<ContinueBuild>();
        ContinueBuild.Attempt = 2;
        ContinueBuild.Gone = "the run folder was removed";
        try
        {
            var (exit, output) = _run.Run<ContinueBuild>("--continue");
            Assert.That(exit, Is.EqualTo(0), output);
            Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Step1", "Step2" }));
            Assert.That(output, Does.Contain("the run folder was removed"));
        }
        finally { ContinueBuild.Gone = null; }
    }

    [Test]
    public void Continue_flag_and_invocation_key_are_visible_to_the_build()
    {
        ContinueBuild.Attempt = 2;
        ContinueBuild.Seen.Clear();
        _run.Run<ContinueBuild>("Step2");
        _run.Run<ContinueBuild>("Step2", "--continue");
        _run.Run<ContinueBuild>("Step1");
        Assert.That(ContinueBuild.Seen.Select(s => s.Continue), Is.EqualTo(new[] { false, true, false }));
        Assert.That(ContinueBuild.Seen[0].Key, Is.Not.Empty.And.EqualTo(ContinueBuild.Seen[1].Key),
            "--continue keeps the key of the same command line");
        Assert.That(ContinueBuild.Seen[2].Key, Is.Not.EqualTo(ContinueBuild.Seen[0].Key),
            "another command line has another key");
    }

    [Test]
    public void Cancellation_aborts_running_target_kills_its_process_group_and_runs_assured_targets()
    {
        using var cts = new CancellationTokenSource();
        CancelBuild.Cancel = cts;
        var marker = "engine-cancel-" + Guid.NewGuid().ToString("N")[..8];
        CancelBuild.Marker = marker;
        var (exit, output) = _run.Run<CancelBuild>(cts.Token);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Match(@"Long\s+Aborted").And.Match(@"After\s+NotRun"));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Long", "Cleanup" }));
        Assert.That(ProcessTests.ProcessesWith(marker), Is.Empty);
    }

    [Test]
    public void Secrets_are_masked_in_console_text_log_and_json_log_and_child_output()
    {
        const string secret = "s3cr3t-Value-42";
        var (exit, output) = _run.Run<SecretBuild>("--token", secret);
        Assert.That(exit, Is.EqualTo(0), output);
        var logs = (_run.Root / "artifacts" / "logs");
        var files = Directory.GetFiles(logs, "build-*");
        Assert.That(files.Select(Path.GetExtension), Is.EquivalentTo(new[] { ".log", ".json" }));
        foreach (var text in files.Select(File.ReadAllText).Append(output))
        {
            Assert.That(text, Does.Not.Contain(secret));
            Assert.That(text, Does.Contain("child says ****"));
        }
        Assert.That(File.ReadAllText(_run.Root / "child.out"), Does.Not.Contain(secret).And.Contain("****"));
    }
}

internal class CancelBuild : NukeBuild
{
    public static CancellationTokenSource Cancel = null!;
    public static string Marker = "";
    public Target Long => _ => _.Executes(async ct =>
    {
        TestRun.Executed.Add("Long");
        Task.Delay(700).ContinueWith(t => Cancel.Cancel()).Ignore();
        await Cli.Wrap("bash").WithArguments(["-c", $"sleep 1000 & exec -a {Marker} sleep 1000"])
            .ExecuteGroupAsync(ct: ct);
    });
    public Target After => _ => _.DependsOn(Long).Executes(() => TestRun.Executed.Add("After"));
    public Target Cleanup => _ => _.After(After).AssuredAfterFailure().Executes(() => TestRun.Executed.Add("Cleanup"));
    public Target Default => _ => _.DependsOn(After, Cleanup);
}

internal class SecretBuild : NukeBuild
{
    [Parameter, Secret] public string? Token;
    public Target Default => _ => _.Executes(async () =>
    {
        Serilog.Log.Information("token is {Token}", Token);
        var result = await Cli.Wrap("bash").WithArguments(["-c", "echo \"child says $T\""])
            .WithEnvironmentVariables(e => e.Set("T", Token))
            .ExecuteGroupAsync(new ProcessOptions
            {
                OutputLevel = Serilog.Events.LogEventLevel.Information, OutputFile = RootDirectory / "child.out",
            });
        BuildAssert.True(result.StdOut.Single() == "child says ****",
            "captured line must be masked: " + result.StdOut.Single());
    });
}

internal static class TaskExtensions
{
    public static void Ignore(this Task task) { }
}

public sealed class OutputTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() => _run = new TestRun();
    [TearDown] public void TearDown() => _run.Dispose();

    [Test]
    public void Quiet_verbosity_hides_information_but_files_keep_it_with_the_summary()
    {
        var (exit, output) = _run.Run<GraphBuild>("Restore", "--verbosity", "quiet");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Not.Contain("═══ Restore ═══"));
        Assert.That(output, Does.Contain("Build succeeded"));
        var log = File.ReadAllText(Directory.GetFiles(_run.Root / "artifacts" / "logs", "*.log").Single());
        Assert.That(log, Does.Contain("═══ Restore ═══").And.Contain("Build succeeded"));
        Assert.That(output.Split("Build succeeded").Length, Is.EqualTo(2), "summary printed once on the console");
    }

    [Test]
    public void Bad_verbosity_is_a_clear_error()
    {
        var (exit, output) = _run.Run<GraphBuild>("Restore", "--verbosity", "chatty");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("--verbosity: 'chatty' is not a valid Verbosity"));
    }

    [Test]
    public void Unlisted_targets_are_hidden_from_help_but_runnable()
    {
        var (_, help) = _run.Run<UnlistedBuild>("--help");
        Assert.That(help, Does.Not.Contain("Secretive"));
        var (exit, _) = _run.Run<UnlistedBuild>("secretive");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Secretive" }));
    }

    [Test]
    public void Non_assertion_exception_fails_the_target_with_its_first_line()
    {
        var (exit, output) = _run.Run<UnlistedBuild>("Crash");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Match(@"Crash\s+Failed\s+< 1sec\s+// boom here")
            .And.Contain("InvalidOperationException"));
    }
}

internal class UnlistedBuild : NukeBuild
{
    public Target Default => _ => _.Executes(() => { });
    public Target Secretive => _ => _.Unlisted().Executes(() => TestRun.Executed.Add("Secretive"));
    public Target Crash => _ => _.Executes(() => throw new InvalidOperationException("boom here\nmore"));
}
