using System.Text.RegularExpressions;

namespace Publishing;

/// <summary>
/// Ties a release to what was verified: the tag goes on the VVTV commit the evidence proves. Refuses evidence of a
/// dirty tree, a version that is a <c>git describe</c> of an untagged commit, a commit tagged with another version, and
/// a local tag of the version that points elsewhere. The sandbox has no commit: its releases carry no target.
/// </summary>
public static partial class ReleaseSource
{
    /// <summary>
    /// The commit to tag (target_commitish), or null for sandbox evidence; a <see cref="PublishException"/> saying what
    /// to do when the evidence and the version cannot make an honest release. <paramref name="vvtvRoot"/> is the
    /// checkout (its tags are read); null or a non-checkout skips the tag checks.
    /// </summary>
    public static async Task<string?> TargetAsync(string vvtvCommit, ReleaseVersion version, string? vvtvRoot,
        CancellationToken ct = default)
    {
        if (vvtvCommit.EndsWith("-dirty", StringComparison.Ordinal))
            throw new PublishException(
                $"The evidence is of VVTV {vvtvCommit}: the tree had uncommitted changes, so no commit " +
                "holds what was verified. Commit (or stash) them, run the checklist again and " +
                "publish that.");
        if (DescribeSuffix().IsMatch(version.Text))
            throw new PublishException(
                $"Version {version} is the git describe of an untagged commit, not a release version. " +
                $"Tag the commit (git tag v<version> {Short(vvtvCommit)}) or give " +
                $"--release-version.");
        if (!Sha().IsMatch(vvtvCommit)) return null;
        if (vvtvRoot is null || !await GitCli.IsCheckoutTopAsync(vvtvRoot, ct)) return vvtvCommit;
        var tags = (await GitCli.TryAsync(vvtvRoot, ct, "tag", "--points-at", vvtvCommit, "--list", "v*") ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var releases = tags.Where(t => ReleaseVersion.TryParse(t[1..], out _, out _)).ToList();
        if (releases.Count > 0 && !releases.Contains(version.Tag))
            throw new PublishException(
                $"VVTV commit {Short(vvtvCommit)} is tagged {string.Join(", ", releases)}, so its " +
                $"version is not {version}; publish it as {releases[0][1..]} or verify " +
                $"another commit.");
        var tagged = await GitCli.TryAsync(vvtvRoot, ct, "rev-parse", "-q", "--verify",
            $"refs/tags/{version.Tag}^{{commit}}");
        if (tagged is not null && tagged != vvtvCommit)
            throw new PublishException(
                $"Tag {version.Tag} already exists in {vvtvRoot} on commit {Short(tagged)}, not on the " +
                $"verified commit {Short(vvtvCommit)}; choose another version or verify that " +
                $"commit.");
        return vvtvCommit;
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Sha();

    // 1.4.0-3-g1a2b3c4 and 1.4.0-3-g1a2b3c4-dirty: what git describe prints for a commit after a tag.
    [GeneratedRegex(@"-[0-9]+-g[0-9a-f]{4,40}(-dirty)?$|-dirty$")]
    private static partial Regex DescribeSuffix();
}
