using System.Text.Json;
using System.Text.Json.Serialization;

namespace Soak;

/// <summary>
/// The build's verdict on a soak, the same for both engines: FAIL past any limit of <see cref="SoakTally"/> (failures,
/// consecutive errors, the error budget, stale metrics, the orchestrator gone), on fewer samples than the schedule
/// asked for, and on any problem of the engine itself (boot, deadline, stall, the script's own FAIL). Written as
/// soak-verdict.json.
/// </summary>
public sealed record SoakVerdict
{
    public const string FileName = "soak-verdict.json";

    public required string Verdict { get; init; }
    public required SoakEngineKind Engine { get; init; }

    /// <summary>
    /// Who took the samples, in words for the evidence: the build itself, or the script re-checked by the build.
    /// </summary>
    public required string SampledBy { get; init; }

    public required int ExpectedSamples { get; init; }
    public required int Samples { get; init; }
    public required int Successes { get; init; }
    public required int Failures { get; init; }
    public required int Errors { get; init; }
    public required int FailureLimit { get; init; }
    public required int MaxConsecutiveErrors { get; init; }
    public required int LongestErrorRun { get; init; }
    public required double ErrorBudget { get; init; }
    public required int AllowedErrors { get; init; }
    public required double StaleMetricsWindowSecs { get; init; }
    public string? StaleMetrics { get; init; }
    public required bool OrchestratorGone { get; init; }
    public required int FailStatusRequests { get; init; }
    public required int FailMetricsRequests { get; init; }
    public required int FailAlertsRequests { get; init; }
    public required int BufferCriticalObservations { get; init; }
    public required int StreamDisruptionObservations { get; init; }
    public required int BlockingAlertObservations { get; init; }
    public required int NotRunningObservations { get; init; }
    public required IReadOnlyList<string> BlockingAlerts { get; init; }
    public DateTimeOffset? FirstSampleAt { get; init; }
    public DateTimeOffset? LastSampleAt { get; init; }
    public double? FirstToLastSecs { get; init; }
    public required double WallSecs { get; init; }
    public required int Segments { get; init; }
    public string? ScriptVerdict { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }

    [JsonIgnore] public bool Passed => Verdict == "PASS";

    /// <summary>One line for logs and the target's failure message.</summary>
    [JsonIgnore]
    public string Summary => Passed
        ? $"soak PASS ({SampledBy}): {Samples}/{ExpectedSamples} samples, {Errors} could not be measured (budget "
          + $"{AllowedErrors}, longest run {LongestErrorRun}, limit {MaxConsecutiveErrors})"
        : $"soak FAIL ({SampledBy}): {string.Join("; ", Reasons)}";

    /// <summary>Who took the samples: the build (native) or the script, whose samples the build re-judged.</summary>
    public static string SampledByText(SoakEngineKind engine, string? scriptVerdict) => engine == SoakEngineKind.Native
        ? "native engine: sampled and judged by the build"
        : scriptVerdict is null
            ? "script engine: scripts/vvtv-soak.sh sampled, wrote no summary.txt, each sample judged by the build"
            : $"script engine: scripts/vvtv-soak.sh sampled and wrote verdict={scriptVerdict}, each sample "
                + $"re-judged by the build";

    public static SoakVerdict Decide(SoakPlan plan, SoakTally tally, IReadOnlyList<string> engineProblems,
        TimeSpan wall,
        string? scriptVerdict)
    {
        var reasons = new List<string>(engineProblems);
        reasons.AddRange(tally.Reasons());
        if (scriptVerdict == "FAIL")
            reasons.Add("scripts/vvtv-soak.sh wrote verdict=FAIL");
        else if (scriptVerdict == "PASS" && reasons.Count > 0)
            reasons.Add("scripts/vvtv-soak.sh wrote verdict=PASS, which the build overrules");

        var first = tally.First?.T;
        var last = tally.Last?.T;
        var s = plan.Settings;
        return new SoakVerdict
        {
            Verdict = reasons.Count == 0 ? "PASS" : "FAIL",
            Engine = plan.Engine,
            SampledBy = SampledByText(plan.Engine, scriptVerdict),
            ExpectedSamples = plan.ExpectedSamples,
            Samples = tally.Samples,
            Successes = tally.Successes,
            Failures = tally.Failures,
            Errors = tally.Errors,
            FailureLimit = s.FailureLimit,
            MaxConsecutiveErrors = s.MaxConsecutiveErrors,
            LongestErrorRun = tally.LongestErrorRun,
            ErrorBudget = s.ErrorBudget,
            AllowedErrors = s.AllowedErrors,
            StaleMetricsWindowSecs = s.StaleMetricsWindow.TotalSeconds,
            StaleMetrics = tally.StaleMetrics,
            OrchestratorGone = tally.FirstOrchestratorGone is not null,
            FailStatusRequests = tally.FailStatusRequests,
            FailMetricsRequests = tally.FailMetricsRequests,
            FailAlertsRequests = tally.FailAlertsRequests,
            BufferCriticalObservations = tally.BufferCriticalObservations,
            StreamDisruptionObservations = tally.StreamDisruptionObservations,
            BlockingAlertObservations = tally.BlockingAlertObservations,
            NotRunningObservations = tally.NotRunningObservations,
            BlockingAlerts = [.. tally.BlockingAlerts],
            FirstSampleAt = first,
            LastSampleAt = last,
            FirstToLastSecs = first is { } f && last is { } l ? Math.Round((l - f).TotalSeconds, 3) : null,
            WallSecs = Math.Round(wall.TotalSeconds, 3),
            Segments = plan.Segments.Count,
            ScriptVerdict = scriptVerdict,
            Reasons = reasons,
        };
    }

    public static SoakVerdict Load(string path) =>
        JsonSerializer.Deserialize<SoakVerdict>(Vvtv.TextInput.ReadFile(path), SoakJson.Document)
        ?? throw new InvalidDataException($"{path}: null instead of a soak verdict");

    public string ToJson() => JsonSerializer.Serialize(this, SoakJson.Document) + "\n";
}
