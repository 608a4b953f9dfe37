using System.Text;

namespace Publishing;

/// <summary>Reads and writes SHA256SUMS in the format of <c>sha256sum -c</c>: "&lt;hex&gt;  &lt;path&gt;".</summary>
public static class ChecksumFile
{
    /// <summary>Renders the lines sorted by path (ordinal) so the file is the same for the same set.</summary>
    public static string Render(IEnumerable<(string Path, string Sha256)> entries)
    {
        var text = new StringBuilder();
        foreach (var (path, sha) in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            if (path.Contains('\n') || path.Contains('\\'))
                throw new ArgumentException($"Path '{path}' cannot be written to SHA256SUMS (newline or backslash).");
            text.Append(sha).Append("  ").Append(path).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Parses SHA256SUMS text into a path → hex map; a malformed line fails with its number.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, string source = "SHA256SUMS")
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var sep = line.IndexOf("  ", StringComparison.Ordinal);
            if (sep != 64 || !line[..64].All(Uri.IsHexDigit))
                throw new FormatException($"{source} line {i + 1}: expected '<64 hex digits>  <path>', got '{line}'.");
            var path = line[(sep + 2)..];
            if (path.StartsWith('*')) path = path[1..];
            map[path] = line[..64].ToLowerInvariant();
        }
        return map;
    }
}
