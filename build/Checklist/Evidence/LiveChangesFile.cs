using System.Globalization;
using System.Text.Json;

namespace Checklist;

/// <summary>
/// live-changes.json beside decision.json: what the run changed on the live workspace, written at each change so that
/// a run stopped before its decision, resumed (--continue) or adopted still knows it.
/// </summary>
public static class LiveChangesFile
{
    /// <summary>File name inside the run dir.</summary>
    public const string FileName = "live-changes.json";

    private sealed record Entry(string Step, string Changed, string Target, string At);

    /// <summary>Writes every change atomically.</summary>
    public static void Write(string runDir, IEnumerable<LiveChange> changes) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(
            changes.Select(c => new Entry(c.Step, c.Changed, c.Target, DecisionFile.FormatTime(c.At))).ToList(),
            new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>Reads the changes; none when the file does not exist.</summary>
    public static IReadOnlyList<LiveChange> Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (EarlierRunFile.ReadTextIfAny(path) is not { } text) return [];
        List<Entry>? entries;
        try { entries = JsonSerializer.Deserialize<List<Entry>>(text); }
        catch (JsonException e) { throw new DecisionFormatException(path, $"malformed JSON: {e.Message}", e); }
        return (entries ?? []).Select((e, i) => new LiveChange(
            e.Step ?? throw new DecisionFormatException(path, $"[{i}].Step is missing"),
            e.Changed ?? throw new DecisionFormatException(path, $"[{i}].Changed is missing"), e.Target ?? "",
            DateTimeOffset.TryParse(e.At, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : throw new DecisionFormatException(path, $"[{i}].At '{e.At}' is not a UTC time"))).ToList();
    }
}
