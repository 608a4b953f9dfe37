using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace EngineTests;

/// <summary>
/// The tools the shell and PowerShell tests need, installed the way the repository says: PowerShell from the .NET tool
/// manifest (.config/dotnet-tools.json, `dotnet tool restore`), shellcheck from Debian when it is missing.
/// </summary>
internal static class RepositoryTools
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _toolsRestored;
    private static bool _buildCompiled;

    /// <summary>Runs a command in the repository root, without throwing on a non-zero exit.</summary>
    public static Task<BufferedCommandResult> Run(string program, IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20)); // waits its turn on a loaded machine
        return Cli.Wrap(program).WithArguments(args).WithWorkingDirectory(workingDirectory ?? Repository.Root)
            .WithEnvironmentVariables(e =>
            {
                // The build must not believe it runs on Actions, nor take a host variable of the caller's.
                e.Set("GITHUB_ACTIONS", null).Set("NUKE_HOST", null);
                foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) e.Set(k, v);
            })
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token).Task;
    }

    /// <summary>`dotnet pwsh` (the manifest's PowerShell) running a script file with arguments.</summary>
    public static Task<BufferedCommandResult> Pwsh(string script, params string[] args) => PwshIn(null, script, args);

    /// <summary>
    /// <see cref="Pwsh"/> entered into <paramref name="network"/> when there is one: a build that starts the control
    /// API there has a port 7070 of its own instead of waiting its turn on the machine's.
    /// </summary>
    public static async Task<BufferedCommandResult> PwshIn(OwnNetwork? network, string script, params string[] args)
    {
        await RestoreTools();
        string[] line = ["dotnet", "pwsh", "-NoLogo", "-NoProfile", "-File", script, .. args];
        if (network is not null) line = network.Enter(line[0], line[1..]);
        return await Run(line[0], line[1..]);
    }

    /// <summary>`dotnet pwsh -Command`, for the completion test.</summary>
    public static async Task<BufferedCommandResult> PwshCommand(string command)
    {
        await RestoreTools();
        return await Run("dotnet", ["pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command]);
    }

    private static async Task RestoreTools()
    {
        await Gate.WaitAsync();
        try
        {
            if (_toolsRestored) return;
            var restore = await Run("dotnet", ["tool", "restore"]);
            Assert.That(restore.ExitCode, Is.EqualTo(0),
                $"dotnet tool restore (PowerShell from .config/dotnet-tools.json) failed:\n{restore.StandardOutput}" +
                restore.StandardError);
            _toolsRestored = true;
        }
        finally { Gate.Release(); }
    }

    /// <summary>
    /// Compiles the repository's build once (./build.sh --help), so later calls measure only what they run.
    /// </summary>
    public static async Task CompileBuild()
    {
        await Gate.WaitAsync();
        try
        {
            if (_buildCompiled) return;
            var help = await Run(Repository.PathOf("build.sh"), ["--help"]);
            Assert.That(help.ExitCode, Is.EqualTo(0), help.StandardOutput + help.StandardError);
            _buildCompiled = true;
        }
        finally { Gate.Release(); }
    }

    /// <summary>The shellcheck to use: the installed one, else one installed now from Debian (as root).</summary>
    public static async Task<string> Shellcheck()
    {
        if (await Which("shellcheck") is { } found) return found;
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
            Assert.Fail("shellcheck is not installed and this user cannot install it: apt-get install shellcheck");
        var install = await Run("apt-get", ["install", "-y", "-q", "shellcheck"],
            new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        if (install.ExitCode != 0)
        {
            // A machine that never read the package lists finds nothing to install.
            await Run("apt-get", ["update", "-q"]);
            install = await Run("apt-get", ["install", "-y", "-q", "shellcheck"],
                new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        }
        return await Which("shellcheck")
               ?? throw new AssertionException($"apt-get install shellcheck failed:\n{install.StandardError}");
    }

    private static async Task<string?> Which(string program)
    {
        var which = await Run("sh", ["-c", $"command -v {program}"]);
        return which.ExitCode == 0 ? which.StandardOutput.Trim() : null;
    }
}
