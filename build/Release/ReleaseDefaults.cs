using System.Text.RegularExpressions;
using Engine;
using Publishing;

/// <summary>
/// Defaults a release manager expects from the workspace: the version from `git describe` (tag without the "v") or else
/// the Cargo workspace version, and the repository from the `origin` remote. Only a checkout rooted at the workspace
/// counts: a sandbox copy lives inside this repository, whose tags and remote are not VVTV's.
/// </summary>
public static partial class ReleaseDefaults
{
    /// <summary>The version to release, with where it came from for the log.</summary>
    public static async Task<(string Version, string Source)> VersionAsync(AbsolutePath workspace, CancellationToken ct)
    {
        if (await GitAsync(workspace, ct, "describe", "--tags", "--exact-match") is { } described)
            return (described.StartsWith('v') && described.Length > 1 && char.IsDigit(described[1]) ? described[1..]
                : described, "git describe");
        var cargo = workspace / "Cargo.toml";
        BuildAssert.True(cargo.FileExists(),
            $"No --release-version given and {cargo} does not exist to read a version from");
        var section = "";
        string? workspaceVersion = null, packageVersion = null;
        // By type and size first (a FIFO or device named Cargo.toml would block the read for good).
        foreach (var raw in Vvtv.TextInput.Lines(Vvtv.TextInput.ReadFile(cargo)))
        {
            var line = raw.Trim();
            if (line.StartsWith('[')) section = line;
            else if (VersionLine().Match(line) is { Success: true } m)
            {
                if (section == "[workspace.package]") workspaceVersion = m.Groups[1].Value;
                else if (section == "[package]") packageVersion = m.Groups[1].Value;
            }
        }
        var version = packageVersion ?? workspaceVersion;
        BuildAssert.NotNull(version,
            $"No --release-version given, {workspace} is not a git checkout with a description and {cargo} has no " +
                $"version in [package] or [workspace.package]");
        return (version!, "Cargo.toml");
    }

    /// <summary>owner/name of the workspace's GitHub origin remote, or null.</summary>
    public static async Task<string?> RepositoryAsync(AbsolutePath workspace, CancellationToken ct) =>
        await GitAsync(workspace, ct, "remote", "get-url", "origin") is { } url && RemoteUrl()
            .Match(url) is { Success: true } m
            ? $"{m.Groups["owner"].Value}/{m.Groups["name"].Value}"
            : null;

    // Only a checkout rooted at the workspace: a sandbox copy lives inside this repository, whose tags and remote are
    // not VVTV's.
    private static async Task<string?> GitAsync(AbsolutePath workspace, CancellationToken ct, params string[] args) =>
        await GitCli.IsCheckoutTopAsync(workspace, ct)
            && await GitCli.TryAsync(workspace, ct, args) is { Length: > 0 } text
            ? text
            : null;

    [GeneratedRegex("""^version\s*=\s*"([^"]+)"$""")]
    private static partial Regex VersionLine();

    // https://host/owner/name(.git), git@host:owner/name(.git), ssh://git@host/owner/name(.git)
    [GeneratedRegex("""^(?:https?://[^/]+/|ssh://[^/]+/|[^@/]+@[^:/]+:)""" +
                    """(?<owner>[A-Za-z0-9_.-]+)/(?<name>[A-Za-z0-9_.-]+?)(?:\.git)?/?$""")]
    private static partial Regex RemoteUrl();
}
