using System.Text.Json;

namespace Sandbox.Tests.Worker;

/// <summary>JSON comparison by meaning: the Worker re-serialises stored payloads, so <c>1.0</c> comes back as
/// <c>1</c>.</summary>
public static class JsonAssert
{
    /// <summary>Asserts both texts parse to the same JSON value, object keys in any order, numbers by value.</summary>
    public static void AreEquivalent(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.That(Same(e.RootElement, a.RootElement), Is.True,
            $"JSON differs.\nExpected: {expected}\nActual:   {actual}");
    }

    private static bool Same(JsonElement x, JsonElement y)
    {
        if (x.ValueKind != y.ValueKind) return false;
        return x.ValueKind switch
        {
            JsonValueKind.Object => x.EnumerateObject().Count() == y.EnumerateObject().Count()
                && x.EnumerateObject().All(p => y.TryGetProperty(p.Name, out var other) && Same(p.Value, other)),
            JsonValueKind.Array => x.GetArrayLength() == y.GetArrayLength()
                && x.EnumerateArray().Zip(y.EnumerateArray()).All(pair => Same(pair.First, pair.Second)),
            JsonValueKind.Number => x.GetDouble().Equals(y.GetDouble()),
            JsonValueKind.String => x.GetString() == y.GetString(),
            _ => true,
        };
    }
}
