using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Engine;

namespace EngineTests;

/// <summary>
/// Targets that meet real failures: a full device, a read-only or missing path, a refused connection, a bug.
/// </summary>
internal class FailingBuild : NukeBuild
{
    // /dev/full answers every write with ENOSPC, as a full disk does.
    public Target DiskFull => _ => _.Executes(() => File.WriteAllText("/dev/full", new string('x', 100_000)));
    public Target Missing => _ => _.Executes(() => File.ReadAllText(RootDirectory / "no" / "such" / "samples.jsonl"));
    public Target Refused => _ => _.Executes(async () =>
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more: the connection is refused
        using var http = new HttpClient();
        await http.GetStringAsync($"http://127.0.0.1:{port}/v1/status");
    });
    public Target Told => _ => _.Executes(() =>
        throw new ExpectedErrorException("--widget-root /nowhere is not a widget checkout",
            "pass the checkout's top folder"));
    public static string ReadOnlyFolder = "";
    public Target ReadOnly => _ => _.Executes(() =>
        File.WriteAllText(Path.Combine(ReadOnlyFolder, "decision.json"), "{}"));
    public Target Bug => _ => _.Executes(() => { object? o = null; TestRun.Executed.Add(o!.ToString()!); });
}

public sealed class ExpectedErrorTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() => _run = new TestRun();
    [TearDown] public void TearDown() => _run.Dispose();

    private static bool HasTrace(string output) => output.Contains("   at ", StringComparison.Ordinal);

    [TestCase("DiskFull", "the disk is full")]
    [TestCase("Missing", "check the path")]
    [TestCase("Refused", "check that the service is running")]
    [TestCase("Told", "--widget-root /nowhere is not a widget checkout; pass the checkout's top folder")]
    public void An_expected_failure_is_one_line_with_what_to_do_and_no_trace(string target, string remedy)
    {
        var (exit, output) = _run.Run<FailingBuild>(target);
        Assert.That(exit, Is.EqualTo(1));
        // The error as it happened (the summary repeats it under "Warnings & errors").
        var errors = output.Split('\n').Where(l => Regex.IsMatch(l, @"^\d\d:\d\d:\d\d ERR ")).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), output);
        Assert.That(errors[0], Does.Contain($"target {target} failed: ").And.Contain(remedy));
        Assert.That(HasTrace(output), Is.False, output);
    }

    [Test]
    public void Verbose_adds_the_trace_to_an_expected_failure()
    {
        var (exit, output) = _run.Run<FailingBuild>("DiskFull", "--verbosity", "verbose");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("the disk is full"));
        Assert.That(HasTrace(output), Is.True, output);
    }

    [Test]
    public void A_bug_keeps_its_trace()
    {
        var (exit, output) = _run.Run<FailingBuild>("Bug");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("NullReferenceException"));
        Assert.That(HasTrace(output), Is.True, output);
    }

    [Test]
    public async Task A_read_only_file_system_is_named_with_what_to_do()
    {
        // A real read-only mount: a small tmpfs mounted ro (the tests run as root, as CI does here).
        var folder = _run.Root / "read-only";
        folder.CreateDirectory();
        var mount = await Cli.Wrap("mount").WithArguments(["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", folder])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (mount.ExitCode != 0) Assert.Inconclusive($"this machine cannot mount a tmpfs: {mount.StandardError}");
        try
        {
            FailingBuild.ReadOnlyFolder = folder;
            var (exit, output) = _run.Run<FailingBuild>("ReadOnly");
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Contain("the file system is read-only; make it writable"));
            Assert.That(HasTrace(output), Is.False, output);
        }
        finally
        {
            await Cli.Wrap("umount").WithArguments([folder.ToString()]).WithValidation(CommandResultValidation.None)
                .ExecuteAsync();
        }
        Assert.That(ExpectedErrors.Describe(new InvalidOperationException("a bug")), Is.Null);
    }

    [Test]
    public void A_duration_past_the_largest_is_refused_naming_the_parameter()
    {
        var (exit, output) = _run.Run<GraphBuild>("Show", "--wait", "99999999999d");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("--wait: '99999999999d' is not a valid duration"));
        Assert.That(HasTrace(output), Is.False, output);
    }
}
