using System.Text.Json;

namespace Engine;

/// <summary>One .nuke/parameters*.json: its keys as written and their values as command-line strings.</summary>
internal sealed class ParameterFile
{
    private readonly Dictionary<string, (string Key, string[] Values)> _values = [];

    private ParameterFile(AbsolutePath path) => Path = path;

    public AbsolutePath Path { get; }

    /// <summary>Keys as written in the file, "$schema" and other "$" keys excluded.</summary>
    public IEnumerable<string> Keys => _values.Values.Select(v => v.Key);

    /// <summary>Values of a key (matched as names are: case and dashes ignored), or null.</summary>
    public string[]? Get(string name) => _values.TryGetValue(Names.Normalize(name), out var v) ? v.Values : null;

    public static ParameterFile Read(AbsolutePath path)
    {
        var file = new ParameterFile(path);
        try
        {
            var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
            using var doc = JsonDocument.Parse(File.ReadAllText(path), options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ParameterException($"{path}: expected a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name.StartsWith('$')) continue;
                string[] values = prop.Value.ValueKind switch
                {
                    JsonValueKind.Array => [.. prop.Value.EnumerateArray().Select(Text)],
                    JsonValueKind.Null => [],
                    _ => [Text(prop.Value)],
                };
                file._values[Names.Normalize(prop.Name)] = (prop.Name, values);
            }
        }
        catch (JsonException e)
        {
            throw new ParameterException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}");
        }
        return file;
        static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
    }
}
