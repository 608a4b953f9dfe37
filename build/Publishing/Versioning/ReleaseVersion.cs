using System.Text.RegularExpressions;

namespace Publishing;

/// <summary>
/// A release version: a semantic version (semver.org 2.0.0) without the leading "v". It names the bundle folder and the
/// tag, so anything that is not a plain semver (".", "..", "a/b", control characters, spaces) is refused before use.
/// </summary>
public sealed partial record ReleaseVersion
{
    private ReleaseVersion(string text, string? preRelease) => (Text, PreRelease) = (text, preRelease);

    /// <summary>The version as given, e.g. "1.4.0-rc.1".</summary>
    public string Text { get; }

    /// <summary>The pre-release part after '-' (e.g. "rc.1"), or null for a final release.</summary>
    public string? PreRelease { get; }

    /// <summary>True for a semver pre-release: it is published as a GitHub prerelease.</summary>
    public bool IsPreRelease => PreRelease is not null;

    /// <summary>The release tag, "v" + version.</summary>
    public string Tag => "v" + Text;

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>
    /// Parses <paramref name="text"/> or fails with an <see cref="ArgumentException"/> that names <paramref
    /// name="what"/> (e.g. "--release-version") and says what a valid value looks like.
    /// </summary>
    public static ReleaseVersion Parse(string? text, string what = "--release-version")
    {
        if (TryParse(text, out var version, out var problem)) return version!;
        throw new ArgumentException($"{what} {Shown(text)} is not a release version: {problem}. " +
                                    "Use a semantic version such as 1.4.0 or 1.4.0-rc.1 (no leading 'v').");
    }

    /// <summary>True when <paramref name="text"/> is a valid release version; otherwise says why.</summary>
    public static bool TryParse(string? text, out ReleaseVersion? version, out string? problem)
    {
        version = null;
        problem = text switch
        {
            null or "" => "it is empty",
            _ when text.Any(char.IsControl) => "it contains a control character",
            _ when text.Any(char.IsWhiteSpace) => "it contains white space",
            _ when text.IndexOfAny(['/', '\\']) >= 0 => "it contains a path separator",
            "." or ".." => "it names a folder, not a version",
            _ when text.StartsWith('v') || text.StartsWith('V') => "it starts with 'v' (the tag adds it)",
            _ => null,
        };
        if (problem is not null) return false;
        var m = SemVer().Match(text!);
        if (!m.Success)
        {
            problem = "it is not MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (semver.org)";
            return false;
        }
        version = new ReleaseVersion(text!, m.Groups["pre"].Success ? m.Groups["pre"].Value : null);
        return true;
    }

    // Control characters are shown escaped so the message stays on one line.
    private static string Shown(string? text) =>
        text is null ? "(none)" : "'" +
            string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "'";

    // The regular expression suggested by semver.org, anchored, ASCII only.
    private const string Core = @"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)";
    private const string Identifier = @"(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)";
    private const string Pre = @"(?:-(?<pre>" + Identifier + @"(?:\." + Identifier + @")*))?";
    private const string Build = @"(?:\+(?<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?";

    [GeneratedRegex(@"\A" + Core + Pre + Build + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex SemVer();
}
