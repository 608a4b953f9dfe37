using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Engine;

/// <summary>
/// build.sh's up-to-date check, made here instead of by a find process on every call (which cost build.sh more than
/// the rest of its work): once the build has been compiled, build.sh starts it at once, with NUKE_BOOTSTRAP_INPUTS
/// naming its record of the inputs ("path size mtime" per file, as find -printf '%p %s %T@' wrote them after the
/// compile). When a size or a time differs, or a file was added or removed, build.sh runs again with
/// NUKE_BOOTSTRAP_VERIFY=1 in this process's place, deciding by content and recompiling as needed.
/// </summary>
internal static partial class BootstrapInputs
{
    private const string RecordVariable = "NUKE_BOOTSTRAP_INPUTS";
    private const string VerifyVariable = "NUKE_BOOTSTRAP_VERIFY";

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execve(string path, string?[] argv, string?[] envp);

    /// <summary>
    /// Returns when this build may run; when the inputs changed, build.sh takes this process's place and this never
    /// returns.
    /// </summary>
    public static void RerunIfChanged(IReadOnlyList<string> args)
    {
        var record = Environment.GetEnvironmentVariable(RecordVariable);
        if (string.IsNullOrEmpty(record)) return;
        Environment.SetEnvironmentVariable(RecordVariable, null); // not handed to the build's own processes
        var root = Environment.GetEnvironmentVariable("NUKE_ROOT");
        if (string.IsNullOrEmpty(root) || IsCurrent(root, record)) return;
        Rerun(Path.Combine(root, "build.sh"), args);
    }

    /// <summary>True when the files under build/ (minus bin and obj) and the top-level inputs are as
    /// recorded.</summary>
    internal static bool IsCurrent(string root, string record)
    {
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(record))
            {
                var time = line.LastIndexOf(' ');
                if (time <= 0) continue;
                var size = line.LastIndexOf(' ', time - 1);
                if (size <= 0) return false;
                // find prints the time to the nanosecond; .NET reads it to 100 ns.
                var dot = line.IndexOf('.', time);
                recorded[line[..size]] = dot > 0 && line.Length > dot + 8 ? line[(size + 1)..(dot + 8)]
                    : line[(size + 1)..];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        var seen = 0;
        foreach (var file in Inputs(root))
        {
            if (!recorded.TryGetValue(file.FullName, out var stamp) || stamp != Stamp(file)) return false;
            seen++;
        }
        return seen == recorded.Count;
    }

    // "size seconds.fraction" as find prints it, to the 100 ns that .NET reads.
    private static string Stamp(FileInfo file)
    {
        var ticks = (file.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var fraction);
        return string.Create(CultureInfo.InvariantCulture, $"{file.Length} {seconds}.{fraction:D7}");
    }

    // The files build.sh records: build/ recursively without entries named bin or obj, Directory.*.props,
    // Directory.*.targets and global.json at the root; symbolic links are not followed nor recorded (find's default).
    private static IEnumerable<FileInfo> Inputs(string root)
    {
        var pending = new Stack<DirectoryInfo>();
        var build = new DirectoryInfo(Path.Combine(root, "build"));
        if (build.Exists && !IsLink(build)) pending.Push(build);
        while (pending.Count > 0)
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (entry.Name is "bin" or "obj" || IsLink(entry)) continue;
                if (entry is DirectoryInfo dir) pending.Push(dir);
                else yield return (FileInfo)entry;
            }
        foreach (var file in new DirectoryInfo(root).EnumerateFiles())
            if (!IsLink(file) && (file.Name == "global.json" || IsShared(file.Name, ".props") ||
                                  IsShared(file.Name, ".targets")))
                yield return file;
    }

    private static bool IsShared(string name, string extension) =>
        name.Length >= "Directory.".Length + extension.Length && name.StartsWith("Directory.", StringComparison.Ordinal)
        && name.EndsWith(extension, StringComparison.Ordinal);

    private static bool IsLink(FileSystemInfo info) => info.Attributes.HasFlag(FileAttributes.ReparsePoint);

    // build.sh replaces this process (execve), as it replaced itself with this one: the pid a caller signals or kills
    // stays the build's, so Ctrl-C, SIGTERM and kill -9 reach the build whichever path started it, and nothing is
    // left waiting on a child. The standard streams are the same open files.
    [DoesNotReturn]
    private static void Rerun(string script, IReadOnlyList<string> args)
    {
        string?[] argv = [script, .. args, null];
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name != VerifyVariable)
            .Select(name => $"{name}={Environment.GetEnvironmentVariable(name)}")
            .Append($"{VerifyVariable}=1");
        string?[] envp = [.. environment, null];
        execve(script, argv, envp);
        throw new InvalidOperationException(
            $"{script} could not be run again to check the build's inputs (errno {Marshal.GetLastPInvokeError()})");
    }
}
