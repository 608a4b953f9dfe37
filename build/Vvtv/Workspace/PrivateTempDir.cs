namespace Vvtv;

/// <summary>
/// A TMPDIR of one workspace step, readable by its owner only and removed with everything in it when disposed:
/// VVTV's secure runbook steps decrypt backups into <c>$TMPDIR</c> and leave the plaintext there when they fail
/// (D-R9).
/// </summary>
public sealed class PrivateTempDir : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private PrivateTempDir(string path) => Path = path;

    /// <summary>The folder (absolute); pass it as the step's TMPDIR.</summary>
    public string Path { get; }

    /// <summary>Creates <paramref name="path"/> afresh, mode 0700 (an earlier attempt's copy is removed first).
    /// </summary>
    public static PrivateTempDir Create(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnly);
        return new PrivateTempDir(path);
    }

    /// <summary>What the step left in the folder (names relative to it, folders with a trailing slash).</summary>
    public IReadOnlyList<string> Leftovers() => Directory.Exists(Path)
        ? Directory.EnumerateFileSystemEntries(Path).Select(e => System.IO.Path.GetFileName(e)
            + (Directory.Exists(e) ? "/" : "")).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>Removes the folder with its contents, and its parent when nothing else is left in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        var parent = System.IO.Path.GetDirectoryName(Path)!;
        if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any()) Directory.Delete(parent);
    }
}
