using Vvtv;

namespace Soak;

/// <summary>
/// Whether an orchestrator started under this build for a workspace is running: a process that descends from the
/// build, names vvtv-orchestrator on its command line (cargo run -p vvtv-orchestrator, or the binary cargo runs) and
/// runs in the workspace (VVTV's paths are relative to it). The script engine uses it, since the script starts its
/// orchestrator itself and never checks that it stays up (D-SK6). The workspace matters where one process soaks
/// several (the tests do).
/// </summary>
public static class OrchestratorWatch
{
    private const string Name = "vvtv-orchestrator";

    public static bool IsRunning(string workspaceRoot)
    {
        // The kernel names a process's cwd by its real path: a root given through a symbolic link would never match,
        // and a checkout's soak would see its orchestrator gone (a false NO-GO after hours).
        var root = WorkspacePath.Real(workspaceRoot);
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (!cmdline.Contains(Name, StringComparison.Ordinal)) continue;
            if (Stat(pid) is { State: not 'Z' } && DescendsFrom(pid, self) && RunsIn(pid, root)) return true;
        }
        return false;
    }

    private static bool RunsIn(int pid, string root)
    {
        try
        {
            var cwd = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
            return cwd is not null && (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static bool DescendsFrom(int pid, int ancestor)
    {
        for (var hops = 0; pid > 1 && hops < 64; hops++)
        {
            if (Stat(pid) is not { } stat) return false;
            if (stat.Parent == ancestor) return true;
            pid = stat.Parent;
        }
        return false;
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
