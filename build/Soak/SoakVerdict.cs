using System.Text.Json;
using System.Text.Json.Serialization;

namespace Soak;

/// <summary>
/// The build's verdict on a soak, the same for both engines: FAIL on any Failure sample, on more consecutive Errors than allowed,
/// on fewer samples than the schedule asked for, and on any problem of the engine itself (boot, deadline, stall, the script's own FAIL).
/// Written as soak-verdict.json.
/// </summary>
public sealed record SoakVerdict
{
    public const string FileName = "soak-verdict.json";

    public required string Verdict { get; init; }
    public required SoakEngineKind Engine { get; init; }
    public required int ExpectedSamples { get; init; }
    public required int Samples { get; init; }
    public required int Successes { get; init; }
    public required int Failures { get; init; }
    public required int Errors { get; init; }
    public required int MaxConsecutiveErrors { get; init; }
    public required int LongestErrorRun { get; init; }
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
    [JsonIgnore] public string Summary => Passed
        ? $"soak PASS: {Samples}/{ExpectedSamples} samples, {Errors} could not be measured (longest run {LongestErrorRun}, limit {MaxConsecutiveErrors})"
        : $"soak FAIL: {string.Join("; ", Reasons)}";

    public static SoakVerdict Decide(SoakPlan plan, IReadOnlyList<SoakSampleRecord> samples, IReadOnlyList<string> engineProblems, TimeSpan wall, string? scriptVerdict)
    {
        var reasons = new List<string>(engineProblems);
        var failed = samples.Where(s => s.Outcome == SampleOutcome.Failure).ToList();
        if (failed.Count > 0)
            reasons.Add($"{failed.Count} sample(s) failed, first: sample {failed[0].K} at {SoakJson.Time(failed[0].T)}: {string.Join("; ", failed[0].Reasons)}");
        var longest = SoakRules.LongestErrorRun(samples);
        if (longest.Count > plan.MaxConsecutiveErrors)
            reasons.Add($"{longest.Count} consecutive samples could not be measured (limit {plan.MaxConsecutiveErrors}), from sample {longest[0].K}: {string.Join("; ", longest[^1].Reasons)}");
        // A short soak can stay within the error-run limit while never measuring anything (a slow or hung API): unmeasured is not healthy.
        if (samples.Count > 0 && samples.All(s => s.Outcome == SampleOutcome.Error))
            reasons.Add($"none of the {samples.Count} samples could be measured, so nothing shows the service healthy: {string.Join("; ", samples[^1].Reasons)}");
        if (samples.Count < plan.ExpectedSamples)
            reasons.Add($"only {samples.Count} of the {plan.ExpectedSamples} samples the schedule asked for were taken");
        if (scriptVerdict == "FAIL")
            reasons.Add("scripts/vvtv-soak.sh wrote verdict=FAIL");
        else if (scriptVerdict == "PASS" && reasons.Count > 0)
            reasons.Add("scripts/vvtv-soak.sh wrote verdict=PASS, which the build overrules");

        var blocking = samples.SelectMany(s => s.BlockingAlerts).Distinct(StringComparer.Ordinal).ToList();
        var first = samples.Count > 0 ? samples[0].T : (DateTimeOffset?)null;
        var last = samples.Count > 0 ? samples[^1].T : (DateTimeOffset?)null;
        return new SoakVerdict
        {
            Verdict = reasons.Count == 0 ? "PASS" : "FAIL",
            Engine = plan.Engine,
            ExpectedSamples = plan.ExpectedSamples,
            Samples = samples.Count,
            Successes = samples.Count(s => s.Outcome == SampleOutcome.Success),
            Failures = failed.Count,
            Errors = samples.Count(s => s.Outcome == SampleOutcome.Error),
            MaxConsecutiveErrors = plan.MaxConsecutiveErrors,
            LongestErrorRun = longest.Count,
            FailStatusRequests = samples.Count(s => s.Status.Error is not null),
            FailMetricsRequests = samples.Count(s => s.Metrics.Error is not null),
            FailAlertsRequests = samples.Count(s => s.Alerts.Error is not null),
            BufferCriticalObservations = samples.Count(s => s.BufferCritical),
            StreamDisruptionObservations = samples.Count(s => s.Disrupted),
            BlockingAlertObservations = samples.Count(s => s.BlockingAlerts.Count > 0),
            NotRunningObservations = samples.Count(s => s.NotRunning),
            BlockingAlerts = blocking,
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
        JsonSerializer.Deserialize<SoakVerdict>(File.ReadAllText(path), SoakJson.Document) ?? throw new InvalidDataException($"{path}: null instead of a soak verdict");

    public string ToJson() => JsonSerializer.Serialize(this, SoakJson.Document) + "\n";
}
