namespace Tests.Shared;

/// <summary>Paths of the repository the tests run from.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding <c>.nuke/</c>, found by walking up from the test assembly.</summary>
    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".nuke")) && File.Exists(Path.Combine(dir.FullName, "build.sh")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No repository root (a folder with .nuke/ and build.sh) above {AppContext.BaseDirectory}");
    }
}
