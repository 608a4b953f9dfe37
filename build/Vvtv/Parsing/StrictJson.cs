using System.Text.Json;

namespace Vvtv;

/// <summary>
/// Small helpers that read JSON fields with exact types and turn every failure into a VvtvFormatException. Every JSON
/// file the build reads strictly (VVTV's and its own decision.json) goes through them. <c>at</c> prefixes field names
/// in messages with where the object sits, e.g. "items[3].".
/// </summary>
public static class StrictJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Parses text whose root must be an object; the element is detached from the document.</summary>
    public static JsonElement ParseObject(string json, string source, int maxBytes = TextInput.DefaultMaxBytes)
    {
        TextInput.CheckSize(json, source, maxBytes);
        if (string.IsNullOrWhiteSpace(json))
            throw new VvtvFormatException(source, null, "empty input, expected a JSON object");
        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new VvtvFormatException(source, 1, $"expected a JSON object, found {doc.RootElement.ValueKind}");
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new VvtvFormatException(source, (int?)(e.LineNumber + 1), $"malformed JSON: {e.Message}", e);
        }
    }

    /// <summary>A required property.</summary>
    public static JsonElement Property(JsonElement obj, string name, string source, string at = "") =>
        obj.TryGetProperty(name, out var value)
            ? value
            : throw new VvtvFormatException(source, null, $"missing field '{at}{name}'");

    /// <summary>A required string property.</summary>
    public static string String(JsonElement obj, string name, string source, string at = "")
    {
        var value = Property(obj, name, source, at);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Wrong(source, at + name, value.ValueKind.ToString(), "a string");
    }

    /// <summary>A string element of an array (or any value that must be a string).</summary>
    public static string Text(JsonElement value, string source, string what) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Wrong(source, what, value.ValueKind.ToString(), "a string");

    /// <summary>A required integer property (no fraction, fits in 64 bits).</summary>
    public static long Int(JsonElement obj, string name, string source, string at = "")
    {
        var value = Property(obj, name, source, at);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : throw Wrong(source, at + name, $"'{SoakSummary.Clip(value.GetRawText())}'", "an integer");
    }

    /// <summary>A required number property.</summary>
    public static double Number(JsonElement obj, string name, string source, string at = "")
    {
        var value = Property(obj, name, source, at);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n)
            ? n
            : throw Wrong(source, at + name, $"'{SoakSummary.Clip(value.GetRawText())}'", "a number");
    }

    /// <summary>A required boolean property.</summary>
    public static bool Bool(JsonElement obj, string name, string source, string at = "")
    {
        var value = Property(obj, name, source, at);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw Wrong(source, at + name, value.ValueKind.ToString(), "true or false");
    }

    /// <summary>A required array property.</summary>
    public static JsonElement Array(JsonElement obj, string name, string source, string at = "")
    {
        var value = Property(obj, name, source, at);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw Wrong(source, at + name, value.ValueKind.ToString(), "an array");
    }

    private static VvtvFormatException Wrong(string source, string field, string found, string expected) =>
        new(source, null, $"field '{field}' is {found}, expected {expected}");
}
