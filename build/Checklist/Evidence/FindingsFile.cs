using System.Globalization;
using System.Text.Json;

namespace Checklist;

/// <summary>findings.json beside decision.json: the No-Go findings with their cause, so a reopened run (--continue)
/// keeps them.</summary>
public static class FindingsFile
{
    /// <summary>File name inside the run dir.</summary>
    public const string FileName = "findings.json";

    private sealed record Entry(string Cause, string Message, string Target, string At);

    /// <summary>Writes every finding atomically.</summary>
    public static void Write(string runDir, IEnumerable<NoGoFinding> findings) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(
            findings.Select(f => new Entry(f.Cause.ToString(), f.Message, f.Target, DecisionFile.FormatTime(f.At)))
                .ToList(),
            new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>Reads the findings; none when the file does not exist.</summary>
    public static IReadOnlyList<NoGoFinding> Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return [];
        List<Entry>? entries;
        try { entries = JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new DecisionFormatException(path, $"malformed JSON: {e.Message}", e); }
        return (entries ?? []).Select((e, i) => new NoGoFinding(
            Enum.TryParse<NoGoCause>(e.Cause, out var cause) && Enum.IsDefined(cause) ? cause
                : throw new DecisionFormatException(path, $"[{i}].Cause '{e.Cause}' is not a No-Go cause"),
            e.Message ?? "", e.Target ?? "",
            DateTimeOffset.Parse(e.At, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal))).ToList();
    }
}
