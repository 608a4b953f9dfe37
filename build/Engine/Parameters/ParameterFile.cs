using System.Text.Json;

namespace Engine;

/// <summary>One .nuke/parameters*.json: its keys as written and their values as command-line strings.</summary>
internal sealed class ParameterFile
{
    // Values are NamedArgument (a class): generic code over a tuple would be compiled at run time on every start.
    private readonly Dictionary<string, NamedArgument> _values = [];

    private ParameterFile(AbsolutePath path) => Path = path;

    public AbsolutePath Path { get; }

    /// <summary>Keys as written in the file, "$schema" and other "$" keys excluded.</summary>
    public IEnumerable<string> Keys => _values.Values.Select(v => v.Spelling);

    /// <summary>Values of a key (matched as names are: case and dashes ignored), or null.</summary>
    public string[]? Get(string name) => _values.TryGetValue(Names.Normalize(name), out var v) ? v.Values : null;

    public static ParameterFile Read(AbsolutePath path)
    {
        var file = new ParameterFile(path);
        var text = File.ReadAllText(path);
        if (!SetsNothing(text)) file.Parse(text);
        return file;
    }

    // Apart from Read so that a file that sets nothing never loads the JSON parser.
    private void Parse(string text)
    {
        try
        {
            var options = new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            };
            using var doc = JsonDocument.Parse(text, options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ParameterException($"{Path}: expected a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name.StartsWith('$')) continue;
                string[] values = prop.Value.ValueKind switch
                {
                    JsonValueKind.Array => [.. prop.Value.EnumerateArray().Select(Text)],
                    JsonValueKind.Null => [],
                    _ => [Text(prop.Value)],
                };
                _values[Names.Normalize(prop.Name)] = new NamedArgument(prop.Name, values);
            }
        }
        catch (JsonException e)
        {
            throw new ParameterException($"{Path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}");
        }
        static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
    }

    /// <summary>
    /// True for <c>{}</c> and <c>{ "$schema": "…" }</c>, the file most runs have: recognised without the JSON parser,
    /// whose first use costs a noticeable part of a --help (anything else goes through the parser).
    /// </summary>
    private static bool SetsNothing(string text)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        const string head = "{\"$schema\":\"";
        if (compact == "{}") return true;
        return compact.StartsWith(head, StringComparison.Ordinal) &&
               compact.EndsWith("\"}", StringComparison.Ordinal) &&
               compact.Length >= head.Length + 2 && !compact[head.Length..^2].Contains('"') && !compact.Contains('\\');
    }
}
