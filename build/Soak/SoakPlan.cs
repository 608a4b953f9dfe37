using System.Text.Json;
using System.Text.Json.Serialization;
using Vvtv;

namespace Soak;

/// <summary>
/// One stretch of sampling: a fresh soak has one, each resume adds one that continues the sample index.
/// </summary>
public sealed record SoakSegment(DateTimeOffset StartedAt, int FirstSample);

/// <summary>
/// soak-plan.json beside samples.jsonl: the settings a soak started with and its segments. A resumed soak keeps the
/// plan it started with (schedule, limits, engine), whatever the command line says now; the verdict file marks it
/// finished.
/// </summary>
public sealed record SoakPlan
{
    public const string FileName = "soak-plan.json";

    public required SoakSettings Settings { get; init; }

    /// <summary>Folder of the script-format files (sample logs, service logs, the script's summary.txt).</summary>
    public required string OutDir { get; init; }

    public required IReadOnlyList<SoakSegment> Segments { get; init; }

    [JsonIgnore] public SoakEngineKind Engine => Settings.Engine;
    [JsonIgnore] public double Hours => Settings.Schedule.Hours;
    [JsonIgnore] public int IntervalSecs => Settings.Schedule.IntervalSecs;
    [JsonIgnore] public int MaxSamples => Settings.Schedule.MaxSamples;
    [JsonIgnore] public int ExpectedSamples => Settings.Schedule.ExpectedSamples;
    [JsonIgnore] public SoakSegment Current => Segments[^1];

    public static SoakPlan Start(SoakSettings s, string outDir, DateTimeOffset now) =>
        new() { Settings = s, OutDir = outDir, Segments = [new SoakSegment(now, 0)] };

    /// <summary>
    /// When sample k is due: the current segment's start plus one interval per sample since its first.
    /// </summary>
    public DateTimeOffset DueAt(int k) => Current.StartedAt
        + TimeSpan.FromSeconds((double)IntervalSecs * (k - Current.FirstSample));

    public SoakPlan Resumed(DateTimeOffset now, int nextSample) =>
        this with { Segments = [.. Segments, new SoakSegment(now, nextSample)] };

    /// <summary>
    /// Moves the current segment's start (sampling starts once the services answer, not when the plan was written).
    /// </summary>
    public SoakPlan StartingAt(DateTimeOffset now) =>
        this with { Segments = [.. Segments.SkipLast(1), Current with { StartedAt = now }] };

    public static SoakPlan Load(string path)
    {
        try
        {
            var plan = JsonSerializer.Deserialize<SoakPlan>(TextInput.ReadFile(path), SoakJson.Document)
                ?? throw new VvtvFormatException(path, null, "null instead of a soak plan");
            plan.Settings.Validate();
            return plan;
        }
        catch (JsonException e)
        {
            throw new VvtvFormatException(path, (int?)(e.LineNumber + 1), $"not a soak plan: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new VvtvFormatException(path, null, $"the soak plan's settings are refused: {e.Message}");
        }
    }

    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, SoakJson.Document) + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
