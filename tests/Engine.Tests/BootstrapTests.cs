using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Engine;
using System.Runtime.CompilerServices;
using Tests.Shared;

namespace EngineTests;

/// <summary>
/// End to end: build.sh compiles a tiny demo build against the engine and runs it as a real child process.
/// </summary>
[Parallelizable(ParallelScope.Self)]
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
        File.Copy(repo / "build.ps1", _root / "build.ps1");
        File.SetUnixFileMode(_root / "build.sh", (UnixFileMode)0b111_101_101);
        (_root / "build" / "_build.csproj").WriteAllText($"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
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
                Target Hello => _ => _.Description("Says hello")
                    .Executes(() => Serilog.Log.Information("hello {Name} {Token}", Name, Token));
                Target Long => _ => _.Executes(async ct =>
                {
                    Serilog.Log.Information("long started");
                    await Cli.Wrap("bash").WithArguments(["-c", "sleep 1000 & exec -a {{Marker}} sleep 1000"])
                        .ExecuteGroupAsync(ct: ct);
                });
                Target Cleanup => _ => _.After(Long).AssuredAfterFailure()
                    .Executes(() => Serilog.Log.Information("cleanup ran"));
            }
            """);
    }

    // Tests.Shared.Repository walks up from the test binaries, which fails with --artifacts-path outside the repo.
    private static AbsolutePath RepositoryRoot([CallerFilePath] string source = "") =>
        AbsolutePath.Create(source).Parent.Parent.Parent;

    [OneTimeTearDown]
    public void Delete() { try { _root.DeleteDirectory(); } catch (IOException) { } }

    private Task<BufferedCommandResult> BuildSh(params string[] args) =>
        Cli.Wrap(_root / "build.sh").WithArguments(args).WithWorkingDirectory(_root)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    [Test, Order(1)]
    public async Task First_run_builds_then_unchanged_inputs_skip_the_build()
    {
        var first = await BuildSh("--name", "tester", "--token", "abc-secret-xyz");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardOutput + first.StandardError);
        Assert.That(first.StandardOutput, Does.Contain("hello tester ****").And.Not.Contain("abc-secret-xyz"));
        var dll = Dll(_root);
        var built = File.GetLastWriteTimeUtc(dll);

        var help = await BuildSh("--help");
        Assert.That(help.ExitCode, Is.EqualTo(0), help.StandardError);
        Assert.That(help.StandardOutput, Does.Contain("Hello (default)").And.Contain("--name"));
        Assert.That(File.GetLastWriteTimeUtc(dll), Is.EqualTo(built), "unchanged inputs must not rebuild");
        Assert.That((_root / ".nuke" / "build.schema.json").ReadAllText(), Does.Contain("\"Name\""));

        // Called from elsewhere, the root is still the script's folder.
        var elsewhere = await Cli.Wrap(_root / "build.sh").WithArguments(["--plan"])
            .WithWorkingDirectory(Path.GetTempPath())
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(elsewhere.ExitCode, Is.EqualTo(0), elsewhere.StandardOutput);
        Assert.That(elsewhere.StandardOutput, Does.Contain("1. Hello (invoked)"));
        Assert.That((_root / ".nuke" / "temp" / "plan.html").FileExists(), Is.True);
    }

    private static AbsolutePath Dll(AbsolutePath root) =>
        root / ".nuke" / "temp" / "build-artifacts" / "publish" / "_build" / "_build.dll";

    [Test, Order(2)]
    public async Task The_rebuild_is_decided_by_content_not_file_times()
    {
        var built = File.GetLastWriteTimeUtc(Dll(_root));
        // Every input touched, none changed: as after a fresh clone, no rebuild.
        foreach (var file in Directory.EnumerateFiles(_root / "build", "*", SearchOption.TopDirectoryOnly))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        var touched = await BuildSh("--help");
        Assert.That(touched.ExitCode, Is.EqualTo(0), touched.StandardOutput + touched.StandardError);
        Assert.That(File.GetLastWriteTimeUtc(Dll(_root)), Is.EqualTo(built), "same content must not rebuild");

        // A fresh clone with .nuke/temp restored from a cache: every file new, the content the same.
        var clone = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "engine-e2e", Guid.NewGuid().ToString("N")));
        try
        {
            var copy = await Cli.Wrap("cp").WithArguments(["-r", _root + "/.", clone])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            Assert.That(copy.ExitCode, Is.EqualTo(0), copy.StandardError);
            var cloneBuilt = File.GetLastWriteTimeUtc(Dll(clone));
            var fresh = await Cli.Wrap(clone / "build.sh").WithArguments(["--help"])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            Assert.That(fresh.ExitCode, Is.EqualTo(0), fresh.StandardOutput + fresh.StandardError);
            Assert.That(File.GetLastWriteTimeUtc(Dll(clone)), Is.EqualTo(cloneBuilt),
                "a restored .nuke/temp must not rebuild");

            // An older file time with new content (a cache restored after the checkout) still rebuilds; the cache
            // came from another machine, whose dotnet is not at the path it recorded: build.sh finds this one's.
            var source = clone / "build" / "Build.cs";
            var time = File.GetLastWriteTimeUtc(source);
            File.WriteAllText(source, File.ReadAllText(source).Replace("\"Says hello\"", "\"Says hello again\""));
            File.SetLastWriteTimeUtc(source, time.AddDays(-1));
            var dotnetPath = clone / ".nuke" / "temp" / "dotnet.path";
            File.WriteAllText(dotnetPath, clone / "no-such-sdk" / "dotnet");
            var changed = await Cli.Wrap(clone / "build.sh").WithArguments(["--help"])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            Assert.That(changed.StandardOutput, Does.Contain("Says hello again"), changed.StandardError);
            Assert.That(File.Exists(File.ReadAllText(dotnetPath).Trim()), Is.True, "the dotnet found is recorded");
        }
        finally { try { clone.DeleteDirectory(); } catch (IOException) { } }
    }

    [Test, Order(3)]
    public async Task Build_ps1_rebuilds_after_a_change_under_build_and_build_sh_then_takes_the_fast_path()
    {
        var source = _root / "build" / "Build.cs";
        File.WriteAllText(source, File.ReadAllText(source).Replace("\"Says hello", "\"Says hello from pwsh"));
        var ps = await RepositoryTools.Pwsh(_root / "build.ps1", "--help");
        Assert.That(ps.ExitCode, Is.EqualTo(0), ps.StandardOutput + ps.StandardError);
        Assert.That(ps.StandardOutput, Does.Contain("Says hello from pwsh"));
        var rebuilt = File.GetLastWriteTimeUtc(Dll(_root));

        // Both scripts hash the inputs the same way: build.sh finds the build current, and prints the same help.
        var sh = await BuildSh("--help");
        Assert.That(sh.ExitCode, Is.EqualTo(0), sh.StandardError);
        Assert.That(File.GetLastWriteTimeUtc(Dll(_root)), Is.EqualTo(rebuilt), "build.sh must take the fast path");
        Assert.That(sh.StandardOutput, Is.EqualTo(ps.StandardOutput));

        var again = await RepositoryTools.Pwsh(_root / "build.ps1", "--help");
        Assert.That(File.GetLastWriteTimeUtc(Dll(_root)), Is.EqualTo(rebuilt), "build.ps1 must take the fast path");
        Assert.That(again.StandardOutput, Is.EqualTo(sh.StandardOutput));

        // A .nuke/temp restored from another machine's cache names a dotnet this one lacks: build.ps1 finds this
        // machine's and runs the build it has, without compiling again.
        var dotnetPath = _root / ".nuke" / "temp" / "dotnet.path";
        File.WriteAllText(dotnetPath, _root / "no-such-sdk" / "dotnet");
        var restored = await RepositoryTools.Pwsh(_root / "build.ps1", "--help");
        Assert.That(restored.ExitCode, Is.EqualTo(0), restored.StandardOutput + restored.StandardError);
        Assert.That(restored.StandardOutput, Is.EqualTo(sh.StandardOutput));
        Assert.That(File.GetLastWriteTimeUtc(Dll(_root)), Is.EqualTo(rebuilt), "the same inputs need no compile");
        Assert.That(File.Exists(File.ReadAllText(dotnetPath).Trim()), Is.True, "the dotnet found is recorded");
    }

    [Test, Order(4)]
    public async Task Sigint_aborts_running_target_kills_process_group_and_runs_assured_targets()
    {
        var output = new StringBuilder();
        var started = new TaskCompletionSource();
        var task = Interruptible.Command(_root / "build.sh", ["Long", "Cleanup"]).WithWorkingDirectory(_root)
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
            // The child group starts after the line; waited for, not given a fixed time (a loaded machine is slow).
            var waiting = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (ProcessTests.ProcessesWith(Marker).Count == 0 && DateTime.UtcNow < waiting) await Task.Delay(100);
            Assert.That(ProcessTests.ProcessesWith(Marker), Has.Count.EqualTo(1));
            await Cli.Wrap("kill").WithArguments(["-INT", task.ProcessId.ToString()]).ExecuteAsync();
            var result = await task.Task.WaitAsync(TimeSpan.FromMinutes(2));
            string text;
            lock (output) text = output.ToString();
            Assert.That(result.ExitCode, Is.EqualTo(1), text);
            Assert.That(text, Does.Match(@"Long\s+Aborted").And.Contain("cleanup ran")
                .And.Match(@"Cleanup\s+Succeeded"));
            Assert.That(ProcessTests.ProcessesWith(Marker), Is.Empty);
        }
        finally
        {
            if (!task.Task.IsCompleted)
                await Cli.Wrap("kill").WithArguments(["-KILL", task.ProcessId.ToString()])
                    .WithValidation(CommandResultValidation.None).ExecuteAsync();
            foreach (var pid in ProcessTests.ProcessesWith(Marker))
                await Cli.Wrap("kill").WithArguments(["-KILL", pid.ToString()])
                    .WithValidation(CommandResultValidation.None).ExecuteAsync();
        }
    }

    [Test, Order(5)]
    public async Task Compile_error_is_printed_and_exit_code_is_non_zero()
    {
        File.AppendAllText(_root / "build" / "Build.cs", "\nclass Broken { int x = \"not an int\"; }\n");
        var result = await BuildSh("--help");
        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.StandardError, Does.Contain("error CS0029").And.Contain("Build.cs"));
    }
}
