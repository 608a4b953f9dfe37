using System.Text;
using System.Text.RegularExpressions;

namespace Publishing;

/// <summary>One commit of the changelog: its short hash and subject line.</summary>
public sealed record ChangeEntry(string Commit, string Subject);

/// <summary>One group of the changelog, e.g. "Features", in the order GoReleaser's changelog groups use.</summary>
public sealed record ChangeGroup(string Title, IReadOnlyList<ChangeEntry> Entries);

/// <summary>
/// The VVTV changes since the previous release tag, read from the checkout's history (git log) and grouped by the
/// conventional-commit prefix the way GoReleaser's changelog groups do: features, bug fixes, then everything else.
/// </summary>
public sealed partial record VvtvChangelog(string? PreviousTag, string Commit, IReadOnlyList<ChangeGroup> Groups)
{
    /// <summary>Most commits listed; a longer history is cut with a note (a first release of an old project).</summary>
    public const int MaxEntries = 500;

    /// <summary>True when the history was longer than <see cref="MaxEntries"/>.</summary>
    public bool Cut { get; init; }

    /// <summary>
    /// The changes from the newest v* release tag before <paramref name="commit"/> up to it; null when
    /// <paramref name="vvtvRoot"/> is not a git checkout or does not hold the commit (a sandbox).
    /// </summary>
    public static async Task<VvtvChangelog?> ReadAsync(string vvtvRoot, string commit, CancellationToken ct = default)
    {
        if (!await GitCli.IsCheckoutTopAsync(vvtvRoot, ct)) return null;
        if (await GitCli.TryAsync(vvtvRoot, ct, "rev-parse", "-q", "--verify", commit +
            "^{commit}") is null) return null;
        // The parent, so a commit that already carries this release's tag still compares with the release before it.
        var previous = await GitCli.TryAsync(vvtvRoot, ct, "describe", "--tags", "--abbrev=0", "--match", "v[0-9]*",
            commit + "^");
        var range = previous is null ? commit : $"{previous}..{commit}";
        var log = await GitCli.TryAsync(vvtvRoot, ct, "log", "--no-merges", $"--max-count={MaxEntries + 1}",
            "--format=%h%x1f%s", range) ?? "";
        var entries = log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\u001f', 2)).Where(p => p.Length == 2).Select(p => new ChangeEntry(p[0], p[1]))
                .ToList();
        var cut = entries.Count > MaxEntries;
        return new VvtvChangelog(previous, commit, Group(entries.Take(MaxEntries).ToList())) { Cut = cut };
    }

    /// <summary>
    /// Groups entries: "feat" → Features, "fix" → Bug fixes, anything else → Others; empty groups are dropped.
    /// </summary>
    public static IReadOnlyList<ChangeGroup> Group(IReadOnlyList<ChangeEntry> entries) =>
    [
        .. new[]
        {
            new ChangeGroup("Features", entries.Where(e => Feature().IsMatch(e.Subject)).ToList()),
            new ChangeGroup("Bug fixes", entries.Where(e => !Feature().IsMatch(e.Subject) && Fix().IsMatch(e.Subject))
                .ToList()),
            new ChangeGroup("Others", entries.Where(e => !Feature().IsMatch(e.Subject) && !Fix().IsMatch(e.Subject))
                .ToList()),
        }.Where(g => g.Entries.Count > 0),
    ];

    /// <summary>The changelog as a Markdown section.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder("## VVTV changes");
        md.Append(PreviousTag is null ? " (no earlier release tag: the whole history)" : $" since {PreviousTag}")
            .Append("\n\n");
        if (Groups.Count == 0) md.Append("No commits.\n\n");
        foreach (var group in Groups)
        {
            md.Append("### ").Append(group.Title).Append("\n\n");
            foreach (var e in group.Entries) md.Append("- ").Append(e.Commit).Append(' ').Append(e.Subject)
                .Append('\n');
            md.Append('\n');
        }
        if (Cut) md.Append($"Only the newest {MaxEntries} commits are listed.\n\n");
        return md.ToString();
    }

    // GoReleaser's documented group patterns: "feat", "fix", with an optional scope and "!" for breaking changes.
    [GeneratedRegex(@"^.*?feat(\([^)]+\))?!?:.+$")]
    private static partial Regex Feature();

    [GeneratedRegex(@"^.*?fix(\([^)]+\))?!?:.+$")]
    private static partial Regex Fix();
}
