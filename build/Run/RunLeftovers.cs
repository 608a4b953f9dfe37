using Engine;
using Serilog;
using Vvtv;

/// <summary>
/// What a killed build (kill -9, a lost machine) left running: every process marked by a run of the same artifacts
/// folder whose owner build is gone. Each is stopped with its process group, and the scheduler lease one of them took
/// is released instead of waited out. A process without the marker, or whose owner build still runs, is never touched.
/// </summary>
public static class RunLeftovers
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>Stops what killed runs of <paramref name="artifacts"/> left; returns how many it found.</summary>
    public static int StopKilledRuns(string artifacts)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(artifacts));
        var found = Find(root);
        if (found.Count == 0) return 0;
        var leaders = found.Select(f => f.Pid).ToHashSet();
        foreach (var (pid, marker, _) in found)
        {
            Log.Warning("Run {RunId:l}, whose build is gone, left pid {Pid} ({Command:l}) running; stopping it",
                marker.RunId, pid, CommandLine(pid));
            // A whole group only when its leader is a leftover too (a group the run started with setsid): a child
            // in the dead build's own group shares it with whoever started the build (a shell, a test runner).
            if (ProcessGroupOf.Pid(pid) is { } group && leaders.Contains(group))
                ProcessGroups.KillAsync(group, Grace).GetAwaiter().GetResult();
            else Kill(pid);
        }
        // A lease taken at or after a stopped process started is that process's (or another of the dead run's).
        foreach (var workspace in found.GroupBy(f => f.Marker.Workspace))
            ReleaseLease(workspace.Key, workspace.Min(f => f.Started));
        return found.Count;
    }

    /// <summary>
    /// Releases the scheduler lease of <paramref name="workspace"/> when it was taken at or after
    /// <paramref name="since"/> by an orchestrator that is now stopped.
    /// </summary>
    public static void ReleaseLease(string workspace, DateTimeOffset since)
    {
        var db = Path.Combine(workspace, "runtime", "state", "vvtv.db");
        // Lease times are whole seconds: a lease taken in the second the process started is still its.
        var from = DateTimeOffset.FromUnixTimeSeconds(since.ToUnixTimeSeconds());
        if (SchedulerLease.Holder(db) is { } holder && holder.AcquiredAt >= from
            && SchedulerLease.ReleaseStopped(db, holder.OwnerId))
            Log.Information("Released the scheduler lease {Owner:l} in {Workspace:l}, held by a stopped orchestrator " +
                            "of a run, instead of waiting for it to expire", holder.OwnerId, workspace);
    }

    private static List<(int Pid, RunMarker Marker, DateTimeOffset Started)> Find(string artifacts)
    {
        var found = new List<(int, RunMarker, DateTimeOffset)>();
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories("/proc").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return found; }
        foreach (var dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            if (RunMarker.Of(pid) is not { } marker || marker.Artifacts != artifacts || marker.OwnerAlive) continue;
            if (RunMarker.StartedAt(pid) is { } started) found.Add((pid, marker, started));
        }
        return found;
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
    }

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "?"; }
    }
}
