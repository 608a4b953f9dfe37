using System.Runtime.InteropServices;

namespace Engine;

/// <summary>Tracks process groups started by the build and kills whole groups (SIGTERM, grace, SIGKILL).</summary>
public static partial class ProcessGroups
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const int SigCont = 18;
    private static readonly HashSet<int> Live = [];
    private static readonly Lock Gate = new();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpgid(int pid);

    internal static void Track(int pgid) { lock (Gate) Live.Add(pgid); }

    /// <summary>
    /// Waits until the child started through setsid leads its own group, or has exited. Until setsid has run,
    /// kill(-pid) misses the child, so a stop issued in that window would let it escape.
    /// </summary>
    internal static void WaitUntilLeader(int pid, Task exited)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (getpgid(pid) != pid && !exited.IsCompleted && DateTime.UtcNow < deadline) Thread.Sleep(1);
    }
    internal static void Untrack(int pgid) { lock (Gate) Live.Remove(pgid); }

    /// <summary>True while any process of the group exists (zombies excluded where /proc tells).</summary>
    public static bool IsAlive(int pgid)
    {
        if (kill(-pgid, 0) != 0) return false;
        // kill(0) also succeeds for zombies waiting to be reaped; look for a live member in /proc.
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                string stat;
                try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch { continue; }
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[2]) == pgid) return true;
            }
            return false;
        }
        catch { return true; }
    }

    /// <summary>SIGTERM the group, wait up to <paramref name="grace"/>, then SIGKILL what is left.</summary>
    public static async Task KillAsync(int pgid, TimeSpan grace)
    {
        try
        {
            if (kill(-pgid, SigTerm) != 0) return;
            // A stopped member (Ctrl-Z, a debugger, a frozen leftover) holds SIGTERM pending until it runs again:
            // woken, it ends as asked instead of being killed when the grace is up (as systemd stops a unit).
            kill(-pgid, SigCont);
            var deadline = DateTime.UtcNow + grace;
            while (DateTime.UtcNow < deadline)
            {
                if (!IsAlive(pgid)) return;
                await Task.Delay(50).ConfigureAwait(false);
            }
            kill(-pgid, SigKill);
        }
        finally { Untrack(pgid); }
    }

    /// <summary>Kills every tracked group; called when a target ends and on Ctrl-C.</summary>
    public static void KillAll()
    {
        int[] groups;
        lock (Gate) groups = [.. Live];
        Task.WaitAll(groups.Select(g => KillAsync(g, TimeSpan.FromSeconds(2))).ToArray());
    }
}
