namespace Sandbox.Tests.Workspace.Support;

/// <summary>Parses key=value lines the way the contract defines them (value after the first '=', lines without '='
/// ignored).</summary>
public static class KeyValues
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text) =>
        text.Split('\n')
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[A-Za-z_][A-Za-z0-9_]*="))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf('=')], l[(l.IndexOf('=') + 1)..]))
            .ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> ParseFile(string path) => Parse(File.ReadAllText(path));

    public static string[] Keys(IReadOnlyList<KeyValuePair<string, string>> pairs) => pairs.Select(p => p.Key)
        .ToArray();

    /// <summary>The last value of a key (the VVTV rule for repeated keys).</summary>
    public static string Last(IReadOnlyList<KeyValuePair<string, string>> pairs, string key) =>
        pairs.Last(p => p.Key == key).Value;
}
