namespace Vvtv;

/// <summary>Resolves a path value from a VVTV file and refuses anything that escapes a given root.</summary>
public static class WorkspacePath
{
    /// <summary>Resolves <paramref name="value"/> (relative to <paramref name="root"/> unless absolute) and requires it
    /// to stay inside root.</summary>
    public static string ResolveInside(string root, string value, string source, int? line = null, string what = "path")
    {
        if (string.IsNullOrEmpty(value))
            throw new VvtvFormatException(source, line, $"{what} is empty");
        if (value.Contains('\0'))
            throw new VvtvFormatException(source, line, $"{what} contains a NUL character");
        if (value.Length > MaxPathLength)
            throw new VvtvFormatException(source, line,
                $"{what} is {value.Length} characters long, more than a path can be ({MaxPathLength})");
        string fullRoot, full;
        try
        {
            fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
            full = Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(fullRoot, value));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new VvtvFormatException(source, line, $"{what} '{value}' is not a valid path: {e.Message}", e);
        }
        if (!IsInside(full, fullRoot))
            throw new VvtvFormatException(source, line, $"{what} '{value}' resolves outside {fullRoot}");
        // A symbolic link inside the workspace can lead anywhere: compare where the path really goes.
        var real = RealPath(full, source, line, what);
        if (!IsInside(real, RealPath(fullRoot, source, line, "workspace root")))
            throw new VvtvFormatException(source, line,
                $"{what} '{value}' leads outside {fullRoot} through a symbolic link (to {real})");
        return full;
    }

    // Linux PATH_MAX: no longer value names a file.
    private const int MaxPathLength = 4096;

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="path"/> with every symbolic link among its existing parts resolved (as git reports a
    /// checkout's top folder); parts that do not exist yet stay as written.
    /// </summary>
    public static string Real(string path) => RealPath(Path.GetFullPath(path), path, null, "path");

    // The path with every symbolic link among its existing parts resolved; parts that do not exist yet stay as written.
    private static string RealPath(string fullPath, string source, int? line, string what, int depth = 0)
    {
        if (depth > 40)
            throw new VvtvFormatException(source, line, $"{what}: too many levels of symbolic links");
        var result = Path.GetPathRoot(fullPath)!;
        foreach (var part in fullPath[result.Length..].Split(Path.DirectorySeparatorChar,
            StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(result, part);
            string? target;
            try { target = new FileInfo(next).LinkTarget; }
            catch (IOException) { target = null; }
            result = target is null ? next : RealPath(Path.GetFullPath(target, result), source, line, what, depth + 1);
        }
        return result;
    }

    /// <summary>True when a name is a plain file name: no separators, not '.' or '..', no NUL.</summary>
    public static bool IsPlainFileName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;
}
