using Build.Tests.Cloudflare;
using Checklist;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.Defects;

/// <summary>
/// A git checkout of the sandbox workspace (faithful flavour, the default) in its own build root, for runs of
/// <c>./build.sh … --vvtv-root</c> that meet one of VVTV's defects on a live-looking workspace.
/// </summary>
internal sealed class DefectCheckout : IDisposable
{
    private readonly SandboxBuildRoot _root = new();

    private DefectCheckout() => Path = System.IO.Path.Combine(_root.Path, "voulezvous-tv");

    /// <summary>The checkout (VVTV's root).</summary>
    public string Path { get; }

    /// <summary>The build root, for folders the test owns beside the checkout.</summary>
    public string RootPath => _root.Path;

    public static async Task<DefectCheckout> CreateAsync()
    {
        var checkout = new DefectCheckout();
        SandboxBuildRoot.CopyTree(Repository.PathOf("sandbox", "workspace"), checkout.Path, "node_modules",
            ".wrangler", "runtime");
        foreach (var git in new[] { new[] { "init", "-q" }, ["add", "-A"],
                     ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "checkout"] })
            await Cli.Wrap("git").WithArguments(git).WithWorkingDirectory(checkout.Path).ExecuteAsync();
        return checkout;
    }

    public string PathOf(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The sandbox's cargo first on PATH and a control token and secret of the operator's.</summary>
    public static Dictionary<string, string?> OperatorEnvironment() => new()
    {
        ["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
        ["VVTV_CONTROL_TOKEN"] = "defects-control-token-7b2e",
        ["VVTV_CONTROL_SECRET"] = "defects-control-secret-c41f",
        ["VVTV_ROOT"] = null,
        ["NUKE_VVTV_ROOT"] = null,
    };

    /// <summary>Runs <c>./build.sh &lt;args&gt; --vvtv-root &lt;checkout&gt;</c>: its output, run folder, decision.
    /// </summary>
    public async Task<(string Output, string RunDir, DecisionDocument Decision)> BuildAsync(
        IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        // Generous: a whole release on a checkout waits its turn at the machine-wide port lock behind other runs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(40));
        BufferedCommandResult result;
        for (var attempt = 1; ; attempt++)
        {
            result = await _root.BuildCommand(environment, [.. args, "--vvtv-root", Path])
                .ExecuteBufferedAsync(timeout.Token);
            if (attempt == 3 || !SandboxBuildRoot.IsBootstrapFailure(result.ExitCode, result.StandardOutput)) break;
        }
        var output = result.StandardOutput + result.StandardError;
        var runDir = _root.RunDirOf(result);
        return (output, runDir, DecisionFile.Load(System.IO.Path.Combine(runDir, DecisionFile.JsonName)));
    }

    /// <summary>Runs the sandbox's cargo in the checkout, as an operator would before the release.</summary>
    public async Task CargoAsync(params string[] args) =>
        await Cli.Wrap(Repository.PathOf("sandbox", "bin", "cargo")).WithArguments(args).WithWorkingDirectory(Path)
            .WithEnvironmentVariables(e => e.Set("VVTV_RUN_ONCE", "1").Set("VVTV_ENV", "dev")).ExecuteBufferedAsync();

    public void Dispose() => _root.Dispose();
}
