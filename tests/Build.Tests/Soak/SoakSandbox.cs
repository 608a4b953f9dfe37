using Engine;
using global::Soak;
using Tests.Shared;

namespace Build.Tests.Soak;

/// <summary>
/// A fresh copy of the sandbox workspace with the sandbox's cargo first on PATH and the given simulator faults, plus an
/// evidence folder:
/// what SoakRunner needs to run a real soak against the real simulator. Holds the machine-wide lock on port 7070 while
/// it lives.
/// </summary>
public sealed class SoakSandbox : IDisposable
{
    private static readonly string[] Excluded = ["node_modules", ".wrangler", "runtime", "target", "cloudflare"];
    private readonly LoopbackPortLock _port;

    public SoakSandbox(string? faults = null)
    {
        Root = Directory.CreateTempSubdirectory("soak-tests-").FullName;
        Copy(Repository.PathOf("sandbox", "workspace"), Workspace);
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["VVTV_SIM_FAULTS"] = faults,
        };
        SoakWorkspace = new SoakWorkspace(Workspace, env);
        _port = LoopbackPortLock.Acquire(7070);
    }

    public string Root { get; }
    public string Workspace => Path.Combine(Root, "workspace");
    public string EvidenceDir => Path.Combine(Root, "evidence");
    public string OutDir => Path.Combine(Workspace, "runtime", "soak", "test");
    public SoakWorkspace SoakWorkspace { get; }

    public static SoakSettings Settings(SoakEngineKind engine, int samples, int intervalSecs = 1) => new()
    {
        Engine = engine,
        Schedule = SoakSchedule.Create(0, intervalSecs, samples),
        BootTimeout = TimeSpan.FromSeconds(20),
        DeadlineGrace = TimeSpan.FromSeconds(5),
        ProgressEvery = TimeSpan.FromMinutes(5),
    };

    public Task<SoakResult> RunAsync(SoakSettings settings, CancellationToken ct = default) =>
        SoakRunner.RunAsync(SoakWorkspace, settings, EvidenceDir, OutDir, terminal: false, ct);

    /// <summary>Processes whose working directory is inside this workspace: what the soak started and failed to
    /// stop.</summary>
    public IReadOnlyList<string> LeftoverProcesses() => Processes.RunningIn(Workspace);

    public void Dispose()
    {
        _port.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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
