using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Engine;
using System.Runtime.CompilerServices;

namespace EngineTests;

/// <summary>End to end: build.sh compiles a tiny demo build against the engine and runs it as a real child process.</summary>
[NonParallelizable]
public sealed class BootstrapTests
{
    private static readonly string Marker = "engine-e2e-" + Guid.NewGuid().ToString("N")[..8];
    private AbsolutePath _root;

    [OneTimeSetUp]
    public void CreateDemoRepository()
    {
        var repo = RepositoryRoot();
        _root = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "engine-e2e", Guid.NewGuid().ToString("N")));
        (_root / ".nuke").CreateDirectory();
        File.Copy(repo / "build.sh", _root / "build.sh");
        File.SetUnixFileMode(_root / "build.sh", (UnixFileMode)0b111_101_101);
        (_root / "build" / "_build.csproj").WriteAllText($"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><ProjectReference Include="{repo / "build" / "Engine" / "Engine.csproj"}" /></ItemGroup>
            </Project>
            """);
        (_root / "build" / "Build.cs").WriteAllText($$"""
            using CliWrap;
            using Engine;

            class Build : NukeBuild
            {
                public static int Main() => Execute<Build>(x => x.Hello);
                [Parameter("Who to greet")] readonly string Name = "world";
                [Parameter, Secret] readonly string? Token;
                Target Hello => _ => _.Description("Says hello").Executes(() => Serilog.Log.Information("hello {Name} {Token}", Name, Token));
                Target Long => _ => _.Executes(async ct =>
                {
                    Serilog.Log.Information("long started");
                    await Cli.Wrap("bash").WithArguments(["-c", "sleep 1000 & exec -a {{Marker}} sleep 1000"]).ExecuteGroupAsync(ct: ct);
                });
                Target Cleanup => _ => _.After(Long).AssuredAfterFailure().Executes(() => Serilog.Log.Information("cleanup ran"));
            }
            """);
    }

    // Tests.Shared.Repository walks up from the test binaries, which fails with --artifacts-path outside the repo.
    private static AbsolutePath RepositoryRoot([CallerFilePath] string source = "") => AbsolutePath.Create(source).Parent.Parent.Parent;

    [OneTimeTearDown]
    public void Delete() { try { _root.DeleteDirectory(); } catch (IOException) { } }

    private Task<BufferedCommandResult> BuildSh(params string[] args) =>
        Cli.Wrap(_root / "build.sh").WithArguments(args).WithWorkingDirectory(_root).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    [Test, Order(1)]
    public async Task First_run_builds_then_unchanged_inputs_skip_the_build()
    {
        var first = await BuildSh("--name", "tester", "--token", "abc-secret-xyz");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardOutput + first.StandardError);
        Assert.That(first.StandardOutput, Does.Contain("hello tester ****").And.Not.Contain("abc-secret-xyz"));
        var dll = _root / ".nuke" / "temp" / "build-artifacts" / "bin" / "_build" / "release" / "_build.dll";
        var built = File.GetLastWriteTimeUtc(dll);

        var watch = Stopwatch.StartNew();
        var help = await BuildSh("--help");
        watch.Stop();
        Assert.That(help.ExitCode, Is.EqualTo(0), help.StandardError);
        Assert.That(help.StandardOutput, Does.Contain("Hello (default)").And.Contain("--name"));
        Assert.That(File.GetLastWriteTimeUtc(dll), Is.EqualTo(built), "unchanged inputs must not rebuild");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That((_root / ".nuke" / "build.schema.json").ReadAllText(), Does.Contain("\"Name\""));

        // Called from elsewhere, the root is still the script's folder.
        var elsewhere = await Cli.Wrap(_root / "build.sh").WithArguments(["--plan"]).WithWorkingDirectory(Path.GetTempPath())
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(elsewhere.ExitCode, Is.EqualTo(0), elsewhere.StandardOutput);
        Assert.That(elsewhere.StandardOutput, Does.Contain("1. Hello (invoked)"));
        Assert.That((_root / ".nuke" / "temp" / "plan.html").FileExists(), Is.True);
    }

    [Test, Order(2)]
    public async Task Sigint_aborts_running_target_kills_process_group_and_runs_assured_targets()
    {
        var output = new StringBuilder();
        var started = new TaskCompletionSource();
        var task = Cli.Wrap(_root / "build.sh").WithArguments(["Long", "Cleanup"]).WithWorkingDirectory(_root)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l =>
            {
                lock (output) output.AppendLine(l);
                if (l.Contains("long started")) started.TrySetResult();
            }))
            .ExecuteAsync();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(300); // let the child group start
            Assert.That(ProcessTests.ProcessesWith(Marker), Has.Count.EqualTo(1));
            await Cli.Wrap("kill").WithArguments(["-INT", task.ProcessId.ToString()]).ExecuteAsync();
            var result = await task.Task.WaitAsync(TimeSpan.FromSeconds(30));
            string text;
            lock (output) text = output.ToString();
            Assert.That(result.ExitCode, Is.EqualTo(1), text);
            Assert.That(text, Does.Match(@"Long\s+Aborted").And.Contain("cleanup ran").And.Match(@"Cleanup\s+Succeeded"));
            Assert.That(ProcessTests.ProcessesWith(Marker), Is.Empty);
        }
        finally
        {
            if (!task.Task.IsCompleted) await Cli.Wrap("kill").WithArguments(["-KILL", task.ProcessId.ToString()]).WithValidation(CommandResultValidation.None).ExecuteAsync();
            foreach (var pid in ProcessTests.ProcessesWith(Marker))
                await Cli.Wrap("kill").WithArguments(["-KILL", pid.ToString()]).WithValidation(CommandResultValidation.None).ExecuteAsync();
        }
    }

    [Test, Order(3)]
    public async Task Compile_error_is_printed_and_exit_code_is_non_zero()
    {
        File.AppendAllText(_root / "build" / "Build.cs", "\nclass Broken { int x = \"not an int\"; }\n");
        var result = await BuildSh("--help");
        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.StandardError, Does.Contain("error CS0029").And.Contain("Build.cs"));
    }
}
