using System.Globalization;

/// <summary>
/// Marks every process a run starts as that run's: variables set in the build's own environment, which every child
/// (control API, orchestrator, scripts, wrangler, workerd) inherits and which /proc/&lt;pid&gt;/environ gives back.
/// A marked process whose owner build is gone is a leftover of a killed run.
/// </summary>
public sealed record RunMarker(string RunId, string Owner, string Artifacts, string Workspace)
{
    public const string RunIdVariable = "VVTV_RELEASE_RUN_ID";
    /// <summary>The owner build as "pid:start time in clock ticks": a reused pid is not taken for the owner.</summary>
    public const string OwnerVariable = "VVTV_RELEASE_OWNER";
    public const string ArtifactsVariable = "VVTV_RELEASE_ARTIFACTS";
    public const string WorkspaceVariable = "VVTV_RELEASE_WORKSPACE";

    /// <summary>Sets the marker of this build's run; every child started from now on carries it.</summary>
    public static RunMarker Set(string runId, string artifacts, string workspace)
    {
        var marker = new RunMarker(runId, OwnerOf(Environment.ProcessId) ?? "", Full(artifacts), Full(workspace));
        Environment.SetEnvironmentVariable(RunIdVariable, marker.RunId);
        Environment.SetEnvironmentVariable(OwnerVariable, marker.Owner);
        Environment.SetEnvironmentVariable(ArtifactsVariable, marker.Artifacts);
        Environment.SetEnvironmentVariable(WorkspaceVariable, marker.Workspace);
        return marker;
    }

    /// <summary>A process's marker, read from /proc; null when it has none or cannot be read (another user).</summary>
    public static RunMarker? Of(int pid)
    {
        byte[] environ;
        try { environ = File.ReadAllBytes($"/proc/{pid}/environ"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in System.Text.Encoding.UTF8.GetString(environ).Split('\0'))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) variables[entry[..eq]] = entry[(eq + 1)..];
        }
        return variables.TryGetValue(RunIdVariable, out var id) && variables.TryGetValue(OwnerVariable, out var owner)
               && variables.TryGetValue(ArtifactsVariable, out var artifacts)
               && variables.TryGetValue(WorkspaceVariable, out var workspace)
            ? new RunMarker(id, owner, artifacts, workspace)
            : null;
    }

    /// <summary>True while the build that set this marker still runs (same pid, same start time).</summary>
    public bool OwnerAlive => Owner.Split(':') is [var pid, _] && int.TryParse(pid, out var p) && OwnerOf(p) == Owner;

    /// <summary>"pid:start ticks" of a live process; null when it is gone.</summary>
    public static string? OwnerOf(int pid) => StartTicks(pid) is { } ticks
        ? $"{pid.ToString(CultureInfo.InvariantCulture)}:{ticks.ToString(CultureInfo.InvariantCulture)}"
        : null;

    /// <summary>When a live process started (field 22 of /proc/&lt;pid&gt;/stat); null when it is gone.</summary>
    public static DateTimeOffset? StartedAt(int pid)
    {
        if (StartTicks(pid) is not { } ticks) return null;
        var btime = File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal));
        // Linux reports start times in USER_HZ, 100 on every architecture .NET runs on.
        return DateTimeOffset.FromUnixTimeSeconds(long.Parse(btime[6..], CultureInfo.InvariantCulture))
            .AddSeconds(ticks / 100.0);
    }

    private static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Zombies are as good as gone: they hold no lease and no port.
            return fields[0] == "Z" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException
                                      or IndexOutOfRangeException) { return null; }
    }

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
