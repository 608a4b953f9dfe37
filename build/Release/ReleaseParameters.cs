using System.Text.RegularExpressions;

/// <summary>
/// The release's rules for what it is given, as small functions the top layer calls before any target runs, so a
/// version the bundle would refuse is refused in the first second, not after the gates.
/// </summary>
public static partial class ReleaseParameters
{
    /// <summary>
    /// Null when <paramref name="version"/> is a clean semantic version (the tag adds the 'v'), else why not.
    /// </summary>
    public static string? VersionProblem(string version) => SemVer().IsMatch(version)
        ? null
        : $"'{Printable(version)}' is not a semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] such as 1.2.3 or " +
          "1.2.3-rc.1" + (version.StartsWith('v') ? " (without the leading 'v': the tag v<version> adds it)" : "");

    /// <summary>Null when <paramref name="repository"/> is owner/name, else why not.</summary>
    public static string? RepositoryProblem(string repository) => Repository().IsMatch(repository)
        ? null
        : $"'{Printable(repository)}' is not a GitHub repository owner/name";

    /// <summary>The API base URL with a trailing slash, or null when it is not an absolute http(s) URL.</summary>
    public static Uri? ApiBaseUrl(string url) =>
        Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var api) && api.Scheme is "http" or "https"
            ? api
            : null;

    // Control characters shown as escapes, so an error message cannot rewrite the terminal.
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    // semver.org's own expression.
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)" +
                    @"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
                    @"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?\z")]
    private static partial Regex SemVer();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\z")]
    private static partial Regex Repository();
}
