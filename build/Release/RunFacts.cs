using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Checklist;
using Engine;

/// <summary>
/// run-facts.json in a run folder: the targets that ran with their durations and the parameters the run was started
/// with (no secrets).
/// A later release of the same evidence reads it for the report's timeline and metadata.json, so both come from the run
/// that made the evidence.
/// </summary>
public sealed record RunFacts(DateTimeOffset StartedAt, IReadOnlyList<RunFacts.TargetRun> Targets,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>File name inside the run dir.</summary>
    public const string FileName = "run-facts.json";

    /// <summary>One target that ran, in execution order.</summary>
    public sealed record TargetRun(string Name, string Status, long DurationMs);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private sealed record Document(string StartedAt, List<TargetRun> Targets, SortedDictionary<string,
        string> Parameters);

    /// <summary>Writes run-facts.json atomically into <paramref name="runDir"/>.</summary>
    public void Write(string runDir) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(
            new Document(DecisionFile.FormatTime(StartedAt), Targets.ToList(), new SortedDictionary<string,
                string>(Parameters.ToDictionary(), StringComparer.Ordinal)), Json) + "\n");

    /// <summary>
    /// Reads a run's facts; null when the run did not record them (its timeline and parameters stay unknown).
    /// </summary>
    public static RunFacts? Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (EarlierRunFile.ReadTextIfAny(path) is not { } text) return null;
        Document? doc;
        try { doc = JsonSerializer.Deserialize<Document>(text, Json); }
        catch (JsonException e) { throw new DecisionFormatException(path, $"malformed: {e.Message}", e); }
        if (doc?.Targets is null || doc.Parameters is null
            || doc.StartedAt is null) throw new DecisionFormatException(path,
                "missing started_at, targets or parameters");
        if (!UtcTime.TryParse(doc.StartedAt, UtcTime.MillisFormat, out var started))
            throw new DecisionFormatException(path, $"started_at '{doc.StartedAt}' is not an ISO-8601 UTC time");
        foreach (var t in doc.Targets)
            if (string.IsNullOrEmpty(t.Name) || t.DurationMs < 0) throw new DecisionFormatException(path,
                $"target '{t.Name}' has no name or a negative duration");
        return new RunFacts(started, doc.Targets, doc.Parameters);
    }

    /// <summary>
    /// The time as decision.json and run-facts.json store it (milliseconds), so a run read back equals the run in
    /// memory.
    /// </summary>
    public static DateTimeOffset Millis(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    /// <summary>A parameter value as run-facts.json records it (invariant culture; lists space-separated).</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => string.Join(" ", e.Cast<object?>().Select(Text)),
        _ => value.ToString(),
    };
}
