using global::Soak;
using Tests.Shared;

namespace Build.Tests.Soak;

/// <summary>
/// A fresh copy of the sandbox workspace with the sandbox's cargo first on PATH and the given simulator faults, plus an
/// evidence folder:
/// what SoakRunner needs to run a real soak against the real simulator. Its control API listens on a free loopback
/// port of its own (the simulator's test-only VVTV_SIM_API_PORT; the soak is told the URL), so soaks run side by side
/// with each other and with the builds that take turns on port 7070.
/// </summary>
public sealed class SoakSandbox : IDisposable
{
    private static readonly string[] Excluded = ["node_modules", ".wrangler", "runtime", "target", "cloudflare"];
    private readonly SoakTurn _turn;

    /// <param name="faults">VVTV_SIM_FAULTS for the simulator's processes.</param>
    /// <param name="alone">No other soak of this test process runs meanwhile: the script engine counts any
    /// vvtv-orchestrator below the test process as its own, so a test that needs it seen gone must be alone.</param>
    public SoakSandbox(string? faults = null, bool alone = false)
    {
        _turn = SoakTurn.Take(alone);
        Root = Directory.CreateTempSubdirectory("soak-tests-").FullName;
        Copy(Repository.PathOf("sandbox", "workspace"), Workspace);
        var port = FreeLoopbackPort.Next();
        ApiUrl = $"http://127.0.0.1:{port}";
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["VVTV_SIM_FAULTS"] = faults,
            ["VVTV_SIM_API_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        SoakWorkspace = new SoakWorkspace(Workspace, env);
    }

    public string Root { get; }
    public string Workspace => Path.Combine(Root, "workspace");
    public string EvidenceDir => Path.Combine(Root, "evidence");
    public string OutDir => Path.Combine(Workspace, "runtime", "soak", "test");
    public SoakWorkspace SoakWorkspace { get; }

    /// <summary>Where this sandbox's control API answers.</summary>
    public string ApiUrl { get; }

    /// <summary>A soak of this sandbox. The script's deadline keeps the build's default grace (60 s): only the test
    /// of the deadline sets a short one, and elsewhere a loaded machine, slow to start the script's curl and awk of
    /// every sample, must not pass it (it did with 5 s, at load 80).</summary>
    public SoakSettings Settings(SoakEngineKind engine, int samples, int intervalSecs = 1) => new()
    {
        Engine = engine,
        Schedule = SoakSchedule.Create(0, intervalSecs, samples),
        BootTimeout = TimeSpan.FromSeconds(20),
        ProgressEvery = TimeSpan.FromMinutes(5),
        ApiUrl = ApiUrl,
    };

    public Task<SoakResult> RunAsync(SoakSettings settings, CancellationToken ct = default) =>
        SoakRunner.RunAsync(SoakWorkspace, settings, EvidenceDir, OutDir, terminal: false, ct);

    /// <summary>Processes whose working directory is inside this workspace: what the soak started and failed to
    /// stop.</summary>
    public IReadOnlyList<string> LeftoverProcesses() => Processes.RunningIn(Workspace);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _turn.Dispose();
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from).Where(d => !Excluded.Contains(Path.GetFileName(d))))
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}

/// <summary>Finds live processes by working directory (/proc/&lt;pid&gt;/cwd), to prove a soak left nothing
/// behind.</summary>
public static class Processes
{
    public static IReadOnlyList<string> RunningIn(string folder)
    {
        var root = Path.GetFullPath(folder).TrimEnd('/') + "/";
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget;
                if (cwd is null || !(cwd + "/").StartsWith(root, StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) continue;
                found.Add($"{pid} {File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim()}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Waits briefly for processes that were signalled to finish exiting.</summary>
    public static async Task<IReadOnlyList<string>> SettleAsync(string folder)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var left = RunningIn(folder);
            if (left.Count == 0 || DateTime.UtcNow > deadline) return left;
            await Task.Delay(200);
        }
    }
}
