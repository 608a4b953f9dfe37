using System.Security.Cryptography;
using System.Text;
using Publishing;

namespace Checklist;

/// <summary>Identifies the VVTV code a run was about, never by path: the git commit, or a content hash of the sandbox
/// template.</summary>
public static class WorkspaceIdentity
{
    /// <summary>
    /// The identity of <paramref name="workspaceRoot"/>: "&lt;sha&gt;" or "&lt;sha&gt;-dirty" when the workspace is the
    /// top of a git checkout,
    /// otherwise "sandbox-&lt;sha256&gt;" of <paramref name="sandboxTemplateDir"/>.
    /// </summary>
    public static string Of(string workspaceRoot, string? sandboxTemplateDir = null)
    {
        var git = GitCommit(workspaceRoot);
        if (git is not null) return git;
        if (sandboxTemplateDir is null)
            throw new InvalidOperationException($"{workspaceRoot} is not a git checkout and no sandbox template was " +
                $"given to identify it");
        return "sandbox-" + HashTree(sandboxTemplateDir);
    }

    /// <summary>
    /// The file a sandbox copy holds its own random id in, written when a run creates the copy: two copies of one
    /// template prove the same code but are different workspaces, and evidence of one never passes as the other's.
    /// </summary>
    public const string CopyIdFile = ".release-build-copy-id";

    /// <summary>Writes a new random id into a fresh sandbox copy.</summary>
    public static string MarkCopy(string copyRoot)
    {
        var id = "sandbox-copy-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        AtomicFile.WriteAllText(Path.Combine(copyRoot, CopyIdFile), id + "\n");
        return id;
    }

    /// <summary>
    /// Which workspace this is, as decision.json names it per item: a sandbox copy's own id, else (a checkout, or a
    /// copy made before copies had ids) its full path.
    /// </summary>
    public static string InstanceOf(string workspaceRoot)
    {
        var file = Path.Combine(workspaceRoot, CopyIdFile);
        if (!File.Exists(file)) return Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        var id = EarlierRunFile.ReadText(file).Trim();
        if (!id.StartsWith("sandbox-copy-", StringComparison.Ordinal) || id.Length != 45
            || !id[13..].All(char.IsAsciiHexDigitLower))
            throw new DecisionFormatException(file, $"'{id}' is not a sandbox copy id (sandbox-copy-<32 hex digits>)");
        return id;
    }

    /// <summary>HEAD of the checkout whose top level is <paramref name="root"/>, with "-dirty" for tracked changes;
    /// null when not a checkout.</summary>
    public static string? GitCommit(string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? Git(params string[] args) => GitCli.TryAsync(full, timeout.Token, args).GetAwaiter().GetResult();
        // A sandbox copy can sit inside another repository (this one); only a checkout rooted exactly here counts.
        if (!GitCli.IsCheckoutTopAsync(full, timeout.Token).GetAwaiter().GetResult()) return null;
        var head = Git("rev-parse", "HEAD");
        if (head is null || head.Length != 40) return null;
        // Untracked files are ignored: the scripts write runtime/ output into the tree while the build runs.
        var status = Git("status", "--porcelain", "--untracked-files=no");
        return status is null ? null : status.Length > 0 ? head + "-dirty" : head;
    }

    /// <summary>SHA-256 over every file's relative path (sorted, '/'-separated) and content hash.</summary>
    public static string HashTree(string dir)
    {
        var root = Path.GetFullPath(dir);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"sandbox template folder not found: {root}");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Rel: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .OrderBy(f => f.Rel, StringComparer.Ordinal);
        var manifest = new StringBuilder();
        foreach (var (rel, full) in files)
        {
            using var stream = File.OpenRead(full);
            manifest.Append(rel).Append('\0').Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }
}
