using System.Globalization;

namespace Vvtv;

/// <summary>The process listening on a loopback TCP port, found through /proc (Linux): pid, working directory and
/// command line.</summary>
public sealed record PortListener(int Port, int? Pid, string? WorkingDirectory, string CommandLine)
{
    /// <summary>True when the listening process could be identified (it runs as this user).</summary>
    public bool Known => Pid is not null;

    /// <summary>True when the listener runs in <paramref name="root"/> or below (a VVTV binary started from that
    /// workspace).</summary>
    public bool RunsIn(string root)
    {
        if (WorkingDirectory is null) return false;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var cwd = Path.TrimEndingDirectorySeparator(WorkingDirectory);
        return cwd == full || cwd.StartsWith(full + "/", StringComparison.Ordinal);
    }

    /// <summary>Describes the listener for logs and errors.</summary>
    public override string ToString() =>
        Pid is { } pid ? $"pid {pid} ({CommandLine}) in {WorkingDirectory ?? "an unreadable folder"}"
            : "a process this user cannot inspect";

    /// <summary>The listener on 127.0.0.1/0.0.0.0/::1/:: <paramref name="port"/>, or null when nothing
    /// listens.</summary>
    /// <param name="port">The TCP port.</param>
    /// <param name="procNet">The network namespace's socket tables: this process's, or another's as
    /// /proc/&lt;pid&gt;/net (a test looking into the namespace its build ran in).</param>
    public static PortListener? Find(int port, string procNet = "/proc/net")
    {
        var inodes = ListeningInodes($"{procNet}/tcp", port).Concat(ListeningInodes($"{procNet}/tcp6", port))
            .ToHashSet();
        if (inodes.Count == 0) return null;
        foreach (var dir in SafeDirs("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            foreach (var fd in SafeFiles(Path.Combine(dir, "fd")))
            {
                string? link;
                try { link = new FileInfo(fd).LinkTarget; } catch (Exception) { continue; }
                if (link is null || !link.StartsWith("socket:[", StringComparison.Ordinal)) continue;
                if (!inodes.Contains(link["socket:[".Length..^1])) continue;
                string? cwd = null;
                try { cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget; } catch (Exception) { }
                var cmd = "";
                try { cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ')
                    .Trim(); } catch (Exception) { }
                return new PortListener(port, pid, cwd, cmd);
            }
        }
        return new PortListener(port, null, null, "");
    }

    // /proc/net/tcp: "sl local_address rem_address st ... inode"; addresses are hex "IP:PORT", state 0A is LISTEN.
    private static IEnumerable<string> ListeningInodes(string table, int port)
    {
        string[] lines;
        try { lines = File.ReadAllLines(table); } catch (Exception) { yield break; }
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10 || f[3] != "0A") continue;
            var local = f[1];
            var colon = local.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(local[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture,
                out var p) || p != port) continue;
            yield return f[9];
        }
    }

    private static IEnumerable<string> SafeDirs(string path)
    {
        try { return Directory.GetDirectories(path); } catch (Exception) { return []; }
    }

    private static IEnumerable<string> SafeFiles(string path)
    {
        try { return Directory.GetFiles(path); } catch (Exception) { return []; }
    }
}
