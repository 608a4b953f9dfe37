using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Simulator.Common;

/// <summary>Small helpers for writing JSON strings the way serde_json does.</summary>
public static class JsonText
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The writer the serializer writes strings with, without the serializer (reflection, which the native AOT form
    // has not); unlike JsonEncodedText it accepts a lone surrogate, as the serializer did.
    public static string Str(string? value)
    {
        if (value is null) return "null";
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options)) writer.WriteStringValue(value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An object whose keys are sorted alphabetically (serde_json map order); values are raw JSON.</summary>
    public static string SortedObject(params (string Key, string RawValue)[] pairs) =>
        "{" + string.Join(",", pairs.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Str(p.Key)}:{p.RawValue}")) + "}";
}
