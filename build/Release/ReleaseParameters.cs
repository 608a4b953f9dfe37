using System.Text.RegularExpressions;

/// <summary>
/// The release's rules for what it is given, as small functions the top layer calls before any target runs, so a
/// version the bundle would refuse is refused in the first second, not after the gates.
/// </summary>
public static partial class ReleaseParameters
{
    /// <summary>Null when <paramref name="repository"/> is owner/name, else why not.</summary>
    public static string? RepositoryProblem(string repository) => Repository().IsMatch(repository)
        ? null
        : $"'{Printable(repository)}' is not a GitHub repository owner/name";

    /// <summary>The API base URL with a trailing slash, or null when it is not an absolute http(s) URL.</summary>
    public static Uri? ApiBaseUrl(string url) =>
        Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var api) && api.Scheme is "http" or "https"
            ? api
            : null;

    /// <summary>Control characters shown as escapes, so an error message cannot rewrite the terminal.</summary>
    public static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\z")]
    private static partial Regex Repository();
}
