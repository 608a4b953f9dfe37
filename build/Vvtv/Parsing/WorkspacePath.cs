namespace Vvtv;

/// <summary>Resolves a path value from a VVTV file and refuses anything that escapes a given root.</summary>
public static class WorkspacePath
{
    /// <summary>Resolves <paramref name="value"/> (relative to <paramref name="root"/> unless absolute) and requires it to stay inside root.</summary>
    public static string ResolveInside(string root, string value, string source, int? line = null, string what = "path")
    {
        if (string.IsNullOrEmpty(value))
            throw new VvtvFormatException(source, line, $"{what} is empty");
        if (value.Contains('\0'))
            throw new VvtvFormatException(source, line, $"{what} contains a NUL character");
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
        if (full != fullRoot && !full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new VvtvFormatException(source, line, $"{what} '{value}' resolves outside {fullRoot}");
        return full;
    }

    /// <summary>True when a name is a plain file name: no separators, not '.' or '..', no NUL.</summary>
    public static bool IsPlainFileName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;
}
