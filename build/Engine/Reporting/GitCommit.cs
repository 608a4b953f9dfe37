namespace Engine;

/// <summary>
/// The commit a checkout is at, read from its .git files (no git process: the banner is printed on every run, and a
/// process costs more than the rest of --help).
/// </summary>
internal static class GitCommit
{
    /// <summary>The full commit id of HEAD at <paramref name="root"/>, or null when it is not a git checkout.</summary>
    public static string? Head(AbsolutePath root)
    {
        try
        {
            var gitDir = GitDirectory(root);
            if (gitDir is null) return null;
            var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal)) return IsId(head) ? head : null;
            var reference = head[5..];
            // A linked worktree keeps its HEAD but shares refs with the main repository named in "commondir".
            var commonFile = Path.Combine(gitDir, "commondir");
            var common = File.Exists(commonFile)
                ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonFile).Trim())) : gitDir;
            foreach (var dir in new[] { gitDir, common })
            {
                var loose = Path.Combine(dir, reference);
                if (File.Exists(loose) && File.ReadAllText(loose).Trim() is var id && IsId(id)) return id;
            }
            var packed = Path.Combine(common, "packed-refs");
            if (!File.Exists(packed)) return null;
            foreach (var line in File.ReadLines(packed))
                if (line.EndsWith(" " + reference, StringComparison.Ordinal) && line.Split(' ')[0] is var id &&
                    IsId(id)) return id;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string? GitDirectory(AbsolutePath root)
    {
        var dotGit = Path.Combine(root, ".git");
        if (Directory.Exists(dotGit)) return dotGit;
        if (!File.Exists(dotGit)) return null;
        var text = File.ReadAllText(dotGit).Trim();
        return text.StartsWith("gitdir: ", StringComparison.Ordinal)
            ? Path.GetFullPath(Path.Combine(root, text[8..]))
            : null;
    }

    private static bool IsId(string s) => s.Length is 40 or 64 && s.All(char.IsAsciiHexDigitLower);
}
