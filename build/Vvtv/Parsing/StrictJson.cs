using System.Text.Json;

namespace Vvtv;

/// <summary>Small helpers that read JSON fields with exact types and turn every failure into a VvtvFormatException.</summary>
public static class StrictJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Parses text whose root must be an object; the element is detached from the document.</summary>
    public static JsonElement ParseObject(string json, string source)
    {
        TextInput.CheckSize(json, source);
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
    public static JsonElement Property(JsonElement obj, string name, string source) =>
        obj.TryGetProperty(name, out var value) ? value : throw new VvtvFormatException(source, null, $"missing field '{name}'");

    /// <summary>A required string property.</summary>
    public static string String(JsonElement obj, string name, string source)
    {
        var value = Property(obj, name, source);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new VvtvFormatException(source, null, $"field '{name}' is {value.ValueKind}, expected a string");
    }

    /// <summary>A required integer property (no fraction, fits in 64 bits).</summary>
    public static long Int(JsonElement obj, string name, string source)
    {
        var value = Property(obj, name, source);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : throw new VvtvFormatException(source, null, $"field '{name}' is '{SoakSummary.Clip(value.GetRawText())}', expected an integer");
    }

    /// <summary>A required number property.</summary>
    public static double Number(JsonElement obj, string name, string source)
    {
        var value = Property(obj, name, source);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n)
            ? n
            : throw new VvtvFormatException(source, null, $"field '{name}' is '{SoakSummary.Clip(value.GetRawText())}', expected a number");
    }

    /// <summary>A required boolean property.</summary>
    public static bool Bool(JsonElement obj, string name, string source)
    {
        var value = Property(obj, name, source);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new VvtvFormatException(source, null, $"field '{name}' is {value.ValueKind}, expected true or false");
    }

    /// <summary>A required array property.</summary>
    public static JsonElement Array(JsonElement obj, string name, string source)
    {
        var value = Property(obj, name, source);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new VvtvFormatException(source, null, $"field '{name}' is {value.ValueKind}, expected an array");
    }
}
