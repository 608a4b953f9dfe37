namespace Soak;

/// <summary>When a soak stops before its schedule ends: on any Failure, or on more consecutive Errors than allowed.</summary>
public static class SoakRules
{
    /// <summary>The reason to stop now, or null to keep sampling.</summary>
    public static string? StopReason(IReadOnlyList<SoakSampleRecord> samples, int maxConsecutiveErrors)
    {
        if (samples.FirstOrDefault(s => s.Outcome == SampleOutcome.Failure) is { } failure)
            return $"sample {failure.K} at {SoakJson.Time(failure.T)} failed: {string.Join("; ", failure.Reasons)}";
        var run = TrailingErrors(samples);
        return run.Count > maxConsecutiveErrors
            ? $"{run.Count} consecutive samples could not be measured (limit {maxConsecutiveErrors}): {string.Join("; ", run[^1].Reasons)}"
            : null;
    }

    /// <summary>The longest run of consecutive Error samples anywhere in the soak.</summary>
    public static IReadOnlyList<SoakSampleRecord> LongestErrorRun(IReadOnlyList<SoakSampleRecord> samples)
    {
        List<SoakSampleRecord> best = [], current = [];
        foreach (var s in samples)
        {
            if (s.Outcome == SampleOutcome.Error) current.Add(s);
            else current = [];
            if (current.Count > best.Count) best = [.. current];
        }
        return best;
    }

    private static List<SoakSampleRecord> TrailingErrors(IReadOnlyList<SoakSampleRecord> samples)
    {
        var run = new List<SoakSampleRecord>();
        for (var i = samples.Count - 1; i >= 0 && samples[i].Outcome == SampleOutcome.Error; i--) run.Insert(0, samples[i]);
        return run;
    }
}
