using System.Text.Json;
using System.Text.Json.Serialization;
using Vvtv;

namespace Soak;

/// <summary>One stretch of sampling: a fresh soak has one, each resume adds one that continues the sample index.</summary>
public sealed record SoakSegment(DateTimeOffset StartedAt, int FirstSample);

/// <summary>
/// soak-plan.json beside samples.jsonl: the settings a soak started with and its segments. A resumed soak keeps the plan it started with
/// (schedule, limits, engine), whatever the command line says now; the verdict file marks the soak as finished.
/// </summary>
public sealed record SoakPlan
{
    public const string FileName = "soak-plan.json";

    public required SoakEngineKind Engine { get; init; }
    public required double Hours { get; init; }
    public required int IntervalSecs { get; init; }
    public required int MaxSamples { get; init; }
    public required int ExpectedSamples { get; init; }
    public required double RequestTimeoutSecs { get; init; }
    public required int MaxConsecutiveErrors { get; init; }
    public required double BootTimeoutSecs { get; init; }
    public required double DeadlineGraceSecs { get; init; }
    public required bool RunApi { get; init; }
    public required bool RunOrchestrator { get; init; }
    public required string ApiUrl { get; init; }

    /// <summary>Folder of the script-format files (summary.txt, sample logs, service logs).</summary>
    public required string OutDir { get; init; }

    public required IReadOnlyList<SoakSegment> Segments { get; init; }

    public static SoakPlan Start(SoakSettings s, string outDir, DateTimeOffset now) => new()
    {
        Engine = s.Engine, Hours = s.Schedule.Hours, IntervalSecs = s.Schedule.IntervalSecs, MaxSamples = s.Schedule.MaxSamples,
        ExpectedSamples = s.Schedule.ExpectedSamples, RequestTimeoutSecs = s.RequestTimeout.TotalSeconds, MaxConsecutiveErrors = s.MaxConsecutiveErrors,
        BootTimeoutSecs = s.BootTimeout.TotalSeconds, DeadlineGraceSecs = s.DeadlineGrace.TotalSeconds, RunApi = s.RunApi,
        RunOrchestrator = s.RunOrchestrator, ApiUrl = s.ApiUrl, OutDir = outDir, Segments = [new SoakSegment(now, 0)],
    };

    /// <summary>The settings this plan was started with (progress cadence is not part of a plan).</summary>
    public SoakSettings Settings(TimeSpan progressEvery) => new()
    {
        Engine = Engine, Schedule = SoakSchedule.Create(Hours, IntervalSecs, MaxSamples), RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSecs),
        MaxConsecutiveErrors = MaxConsecutiveErrors, BootTimeout = TimeSpan.FromSeconds(BootTimeoutSecs), DeadlineGrace = TimeSpan.FromSeconds(DeadlineGraceSecs),
        RunApi = RunApi, RunOrchestrator = RunOrchestrator, ApiUrl = ApiUrl, ProgressEvery = progressEvery,
    };

    [JsonIgnore] public SoakSegment Current => Segments[^1];

    /// <summary>When sample k is due: the current segment's start plus one interval per sample since the segment's first.</summary>
    public DateTimeOffset DueAt(int k) => Current.StartedAt + TimeSpan.FromSeconds((double)IntervalSecs * (k - Current.FirstSample));

    public SoakPlan Resumed(DateTimeOffset now, int nextSample) => this with { Segments = [.. Segments, new SoakSegment(now, nextSample)] };

    /// <summary>Moves the current segment's start (sampling starts once the services answer, not when the plan was written).</summary>
    public SoakPlan StartingAt(DateTimeOffset now) => this with { Segments = [.. Segments.SkipLast(1), Current with { StartedAt = now }] };

    public static SoakPlan Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SoakPlan>(File.ReadAllText(path), SoakJson.Document)
                ?? throw new VvtvFormatException(path, null, "null instead of a soak plan");
        }
        catch (JsonException e) { throw new VvtvFormatException(path, (int?)(e.LineNumber + 1), $"not a soak plan: {e.Message}"); }
    }

    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, SoakJson.Document) + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
