namespace Vvtv;

/// <summary>A VVTV key=value file: first '=' splits, empty values allowed, last occurrence wins, lines
/// without '=' ignored.</summary>
public sealed class KeyValueFile
{
    private readonly Dictionary<string, (string Value, int Line)> _last = new(StringComparer.Ordinal);
    private readonly List<KeyValueEntry> _entries = [];

    private KeyValueFile(string source) => Source = source;

    /// <summary>Where the text came from (file path or description), used in error messages.</summary>
    public string Source { get; }

    /// <summary>Every pair in file order, duplicates included.</summary>
    public IReadOnlyList<KeyValueEntry> Entries => _entries;

    /// <summary>Distinct keys in order of first appearance.</summary>
    public IReadOnlyList<string> Keys => _entries.Select(e => e.Key).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Reads and parses a file.</summary>
    public static KeyValueFile Load(string path, int maxBytes = TextInput.DefaultMaxBytes) =>
        Parse(TextInput.ReadFile(path, maxBytes), path);

    /// <summary>Parses text already in memory (for example a script's stdout).</summary>
    public static KeyValueFile Parse(string text, string source)
    {
        TextInput.CheckSize(text, source);
        var file = new KeyValueFile(source);
        var lines = TextInput.Lines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var eq = line.IndexOf('=');
            if (eq < 0) continue;
            var key = line[..eq];
            if (!IsKey(key)) continue;
            var value = line[(eq + 1)..];
            if (value.Any(c => c == '\0'))
                throw new VvtvFormatException(source, i + 1, $"value of '{key}' contains a NUL character");
            file._entries.Add(new KeyValueEntry(key, value, i + 1));
            file._last[key] = (value, i + 1);
        }
        return file;
    }

    /// <summary>True when the key appears at least once.</summary>
    public bool Has(string key) => _last.ContainsKey(key);

    /// <summary>The last value of a key that must be present.</summary>
    public string Required(string key) =>
        _last.TryGetValue(key, out var v) ? v.Value
            : throw new VvtvFormatException(Source, null, $"missing required key '{key}'");

    /// <summary>The last value of a key that must be present and non-empty.</summary>
    public string RequiredNonEmpty(string key)
    {
        var value = Required(key);
        return value.Length > 0 ? value : throw new VvtvFormatException(Source, LineOf(key), $"key '{key}' is empty");
    }

    /// <summary>The last value of a key, or null when absent.</summary>
    public string? Optional(string key) => _last.TryGetValue(key, out var v) ? v.Value : null;

    /// <summary>Line of the last occurrence of a key, or null.</summary>
    public int? LineOf(string key) => _last.TryGetValue(key, out var v) ? v.Line : null;

    /// <summary>A required key whose value must be one of the allowed literals.</summary>
    public string RequiredEnum(string key, params string[] allowed)
    {
        var value = Required(key);
        if (!allowed.Contains(value, StringComparer.Ordinal))
            throw new VvtvFormatException(Source, LineOf(key),
                $"key '{key}' has value '{value}', expected one of {string.Join(", ", allowed)}");
        return value;
    }

    /// <summary>A required non-negative integer.</summary>
    public long RequiredCount(string key)
    {
        var value = Required(key);
        if (value.Length == 0 || value.Length > 18 || !value.All(char.IsAsciiDigit))
            throw new VvtvFormatException(Source, LineOf(key),
                $"key '{key}' has value '{value}', expected a non-negative integer");
        return long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Requires the given keys to appear, first occurrences in this relative order (other keys may sit between
    /// or after).</summary>
    public void RequireOrder(params string[] keys)
    {
        var missing = keys.Where(k => !Has(k)).ToList();
        if (missing.Count > 0)
            throw new VvtvFormatException(Source, null, $"missing required key(s): {string.Join(", ", missing)}");
        var firstLines = keys.Select(k => _entries.First(e => e.Key == k).Line).ToList();
        for (var i = 1; i < keys.Length; i++)
            if (firstLines[i] < firstLines[i - 1])
                throw new VvtvFormatException(Source, firstLines[i],
                    $"key '{keys[i]}' comes before '{keys[i - 1]}'; expected order {string.Join(", ", keys)}");
    }

    private static bool IsKey(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_')
            && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <summary>One key=value pair with its 1-based line.</summary>
public sealed record KeyValueEntry(string Key, string Value, int Line);
