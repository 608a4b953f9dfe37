using System.Text.RegularExpressions;
using Checklist;

/// <summary>
/// --release-run: the run a key names, remembered in artifacts/runs/release-runs/&lt;key&gt; (its run id). That file
/// travels with artifacts/runs between CI jobs, so each job of one workflow run reopens the same run and its folder.
/// </summary>
public static partial class ReleaseRunKeys
{
    /// <summary>The folder of key files inside artifacts/runs (not a run id, so evidence scans pass over it).</summary>
    public const string FolderName = "release-runs";

    /// <summary>Null when <paramref name="key"/> can name a release run, else what is wrong with it.</summary>
    public static string? Problem(string key) => Pattern().IsMatch(key)
        ? null
        : $"'{key}' is not a release-run key: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter " +
          "or digit";

    /// <summary>The run folder the key names, or null when no run has used the key yet.</summary>
    public static string? Load(string artifactsDirectory, string key)
    {
        var file = PathOf(artifactsDirectory, key);
        // Read by type and size first: the file travels between CI jobs, and a FIFO there would block the build.
        if (EarlierRunFile.ReadOwnFile(file)?.Trim() is not { } id) return null;
        if (!RunId.IsValid(id)) throw new InvalidDataException($"{file} does not hold a run id: '{id}'");
        return Path.Combine(artifactsDirectory, "runs", id);
    }

    public static void Save(string artifactsDirectory, string key, string runId)
    {
        var file = PathOf(artifactsDirectory, key);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteAllText(file, runId + "\n");
    }

    private static string PathOf(string artifactsDirectory, string key) =>
        Path.Combine(artifactsDirectory, "runs", FolderName, key);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Pattern();
}
