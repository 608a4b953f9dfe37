using System.Text.Json;

namespace Cloudflare;

/// <summary>What <c>wrangler d1 execute --json</c> printed: one result set per statement, each a list of
/// rows.</summary>
public sealed class D1Results
{
    private D1Results(string json, IReadOnlyList<IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>> sets)
    {
        Json = json;
        Sets = sets;
    }

    /// <summary>The JSON as wrangler printed it, kept as evidence.</summary>
    public string Json { get; }

    public IReadOnlyList<IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>> Sets { get; }

    /// <summary>The rows of the only (or last) statement.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> Rows => Sets.Count > 0 ? Sets[^1] : [];

    /// <summary>A text column of every row.</summary>
    public IReadOnlyList<string> Column(string name, int set = -1) =>
        (set < 0 ? Rows : Sets[set]).Select(r => r.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new WranglerException($"d1 execute: a row has no text column '{name}': {Json}")).ToList();

    /// <summary>Parses the array of result sets, or turns wrangler's <c>{"error":{"text":...}}</c> into an error naming
    /// the statement.</summary>
    public static D1Results Parse(string json, string sql, int exitCode)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.Trim());
        }
        catch (JsonException)
        {
            throw new WranglerException($"wrangler d1 execute (exit code {exitCode}) printed no JSON for " +
                $"'{sql}': {Clip(json)}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
                // wrangler answers this way both when D1 refused the statement and when it never reached D1.
                throw new WranglerException($"wrangler d1 execute reported an error for '{sql}': " +
                    $"{(error.TryGetProperty("text", out var text) ? text.GetString() : error.GetRawText())}");
            if (exitCode != 0 || root.ValueKind != JsonValueKind.Array)
                throw new WranglerException($"wrangler d1 execute (exit code {exitCode}) for '{sql}' " +
                    $"printed {Clip(json)}");
            var sets = new List<IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>>();
            foreach (var set in root.EnumerateArray())
            {
                if (!set.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                    throw new WranglerException($"wrangler d1 execute for '{sql}': a result set has no 'results' " +
                        $"array: {Clip(json)}");
                sets.Add(results.EnumerateArray()
                    .Select(row => (IReadOnlyDictionary<string, JsonElement>)row.EnumerateObject()
                        .ToDictionary(p => p.Name, p => p.Value.Clone()))
                    .ToList());
            }
            return new D1Results(json, sets);
        }
    }

    private static string Clip(string text) => text.Length <= 400 ? text.Trim() : text[..400] + "…";
}
