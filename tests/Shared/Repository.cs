using System.Runtime.CompilerServices;

namespace Tests.Shared;

/// <summary>Paths of the repository the tests run from.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(() => FindRoot(AppContext.BaseDirectory)
        ?? FindRoot(SourceDirectory()) ?? FindRoot(Environment.CurrentDirectory)
        ?? throw new InvalidOperationException($"No repository root (a folder with .nuke/ and build.sh) above " +
            $"{AppContext.BaseDirectory}, {SourceDirectory()} or {Environment.CurrentDirectory}"));

    /// <summary>The folder holding <c>.nuke/</c>: above the test assembly, or (with --artifacts-path elsewhere) above
    /// this source file or the working directory.</summary>
    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? "/";

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".nuke"))
                && File.Exists(Path.Combine(dir.FullName, "build.sh")))
                return dir.FullName;
        }
        return null;
    }
}
