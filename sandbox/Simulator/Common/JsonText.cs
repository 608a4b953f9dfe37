using System.Text.Encodings.Web;
using System.Text.Json;

namespace Simulator.Common;

/// <summary>Small helpers for writing JSON strings the way serde_json does.</summary>
public static class JsonText
{
    // JsonEncodedText, not JsonSerializer: the serializer needs reflection, which the native AOT form has not.
    public static string Str(string? value) =>
        value is null ? "null" : $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";

    /// <summary>An object whose keys are sorted alphabetically (serde_json map order); values are raw JSON.</summary>
    public static string SortedObject(params (string Key, string RawValue)[] pairs) =>
        "{" + string.Join(",", pairs.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Str(p.Key)}:{p.RawValue}")) + "}";
}
