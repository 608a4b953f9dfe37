using System.Text;

namespace Build.Tests.Hygiene;

/// <summary>
/// Live processes and the environment they received, read from /proc/&lt;pid&gt;/environ: what a build's children
/// really got, and which run marked them (VVTV_RELEASE_RUN_ID, VVTV_RELEASE_ARTIFACTS).
/// </summary>
internal sealed record MarkedProcess(int Pid, string CommandLine, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Every readable, non-zombie process whose environment says VVTV_RELEASE_ARTIFACTS=artifacts.</summary>
    public static List<MarkedProcess> Of(string artifacts)
    {
        var found = new List<MarkedProcess>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) continue;
                var environment = Parse(File.ReadAllBytes(Path.Combine(dir, "environ")));
                if (environment.GetValueOrDefault("VVTV_RELEASE_ARTIFACTS") != artifacts) continue;
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                found.Add(new MarkedProcess(pid, command, environment));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* gone, or not ours */ }
        }
        return found;
    }

    public string RunId => Environment.GetValueOrDefault("VVTV_RELEASE_RUN_ID") ?? "";

    public override string ToString() => $"{Pid} {CommandLine}";

    private static Dictionary<string, string> Parse(byte[] environ)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Encoding.UTF8.GetString(environ).Split('\0'))
            if (entry.IndexOf('=') is > 0 and var eq) variables[entry[..eq]] = entry[(eq + 1)..];
        return variables;
    }
}
