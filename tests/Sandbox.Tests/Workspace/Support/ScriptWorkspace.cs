using System.Runtime.CompilerServices;
using System.Text;
using CliWrap;

namespace Sandbox.Tests.Workspace.Support;

/// <summary>
/// A temp copy of the sandbox workspace template whose scripts run through real bash with sandbox/bin first on PATH.
/// </summary>
public sealed class ScriptWorkspace : IDisposable
{
    private static readonly Lazy<string> RepoRoot = new(() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", "..")));

    /// <param name="apiPort">The port of the workspace's control API: a free one of its own, so workspaces run side
    /// by side (the scripts and the simulator are told through VVTV_API_URL and VVTV_SIM_API_PORT); null for the
    /// scripts' default 7070, told nothing.</param>
    public ScriptWorkspace(int? apiPort)
    {
        ApiPort = apiPort;
        Root = Directory.CreateTempSubdirectory("vvtv-scripts-ws-").FullName;
        CopyTemplate(Path.Combine(RepoRoot.Value, "sandbox", "workspace"), Root);
        TempDir = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(TempDir);
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Stdout lines that carry a key=value pair, in order.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Pairs => KeyValues.Parse(Stdout);

        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    public string Root { get; }

    public int? ApiPort { get; }

    /// <summary>Where the scripts of this workspace look for the control API.</summary>
    public string ApiUrl => $"http://127.0.0.1:{ApiPort ?? 7070}";

    /// <summary>TMPDIR of every script run, so leftovers of the runbook's decrypt steps are visible.</summary>
    public string TempDir { get; }

    public static string SandboxBin => Path.Combine(RepoRoot.Value, "sandbox", "bin");

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public async Task<Result> RunAsync(string script, IEnumerable<string>? args = null,
        IReadOnlyDictionary<string, string?>? env = null, string? workDir = null, TimeSpan? timeout = null)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        var result = await Cli.Wrap("bash")
            .WithArguments([PathOf("scripts", script), .. args ?? []])
            .WithWorkingDirectory(workDir ?? Root)
            .WithEnvironmentVariables(Env(env))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync(cts.Token);
        return new Result(result.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs any program (openssl, tar) in the workspace and returns its output.</summary>
    public static async Task<Result> ExecAsync(string program, IEnumerable<string> args, string workDir)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var result = await Cli.Wrap(program).WithArguments(args).WithWorkingDirectory(workDir)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync();
        return new Result(result.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public Dictionary<string, string?> Env(IReadOnlyDictionary<string, string?>? overrides)
    {
        var env = new Dictionary<string, string?>();
        // The runner's own VVTV settings must not leak into a script under test.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(k => k.StartsWith("VVTV_", StringComparison.Ordinal)))
            env[key] = null;
        env["PATH"] = SandboxBin + ":" + Environment.GetEnvironmentVariable("PATH");
        env["TMPDIR"] = TempDir;
        // The orchestrators the scripts start must not reach their local-03:00 nightly during a test.
        env["TZ"] = TestClock.MiddayZone;
        // The suites written for each script state how it should behave; FaithfulDefectTests asks for VVTV's defects.
        env["VVTV_SANDBOX_FLAVOUR"] = "fixed";
        if (ApiPort is { } port)
        {
            env["VVTV_API_URL"] = ApiUrl;
            env["VVTV_SIM_API_PORT"] = port.ToString();
        }
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) env[k] = v;
        return env;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void CopyTemplate(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, dir);
            if (IsSkipped(rel)) continue;
            Directory.CreateDirectory(Path.Combine(to, rel));
        }
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, file);
            if (IsSkipped(rel)) continue;
            File.Copy(file, Path.Combine(to, rel));
        }
    }

    // The Worker (with node_modules) and any runtime/ left in the template are not needed by the scripts.
    private static bool IsSkipped(string rel) =>
        rel.StartsWith("cloudflare", StringComparison.Ordinal) || rel.StartsWith("runtime", StringComparison.Ordinal);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
