using System.Runtime.CompilerServices;
using System.Text;
using CliWrap;

namespace Sandbox.Tests.Simulator.Support;

/// <summary>Runs the real `sandbox/bin/cargo` shim in a workspace and captures its result.</summary>
public static class Cargo
{
    public static string ShimPath => Path.Combine(RepositoryRoot.Value, "sandbox", "bin", "cargo");

    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        try
        {
            return global::Tests.Shared.Repository.Root;
        }
        catch (InvalidOperationException)
        {
            // With --artifacts-path outside the checkout no repository sits above the assembly;
            // this file's compile-time path still points into it.
            return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", ".."));
        }
    });

    private static string ThisFile([CallerFilePath] string path = "") => path;

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string workDir, IEnumerable<string> args, IReadOnlyDictionary<string,
        string?>? env = null,
        TimeSpan? timeout = null)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        // The first call may compile the simulator, so the default allows for a build.
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        var result = await Cli.Wrap(ShimPath)
            .WithArguments(args)
            .WithWorkingDirectory(workDir)
            .WithEnvironmentVariables(Env(env))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync(cts.Token);
        return new Result(result.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public static Task<Result> RunPackageAsync(TempWorkspace ws, string package, IReadOnlyDictionary<string,
        string?>? env, params string[] args) =>
        RunAsync(ws.Root, ["run", "-q", "-p", package, "--", .. args], env);

    /// <summary>
    /// Clears every VVTV variable the test runner might carry, pins the zone away from the nightly hour
    /// (<see cref="TestClock"/>), then applies the test's own.
    /// </summary>
    public static Dictionary<string, string?> Env(IReadOnlyDictionary<string, string?>? overrides)
    {
        var env = new Dictionary<string, string?>();
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(k => k.StartsWith("VVTV_", StringComparison.Ordinal)))
            env[key] = null;
        env["TZ"] = TestClock.MiddayZone;
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) env[k] = v;
        return env;
    }
}
