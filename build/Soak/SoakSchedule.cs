using System.Text.Json.Serialization;

namespace Soak;

/// <summary>
/// What a soak samples, with the script's meaning: hours, interval, max samples. The one rule for the
/// soak and the canary's soak. Unlike the script, a schedule that asks for zero samples is refused (D-SK4), and sample
/// k is due at start + k × interval whatever the response times (D-SK1).
/// </summary>
public sealed record SoakSchedule
{
    [JsonConstructor]
    private SoakSchedule(double hours, int intervalSecs, int maxSamples)
    {
        Hours = hours;
        IntervalSecs = intervalSecs;
        MaxSamples = maxSamples;
        ExpectedSamples = Count(hours, intervalSecs, maxSamples, "--soak");
    }

    public double Hours { get; }
    public int IntervalSecs { get; }
    public int MaxSamples { get; }

    /// <summary>
    /// Samples the schedule asks for: the script's loop takes one sample, then adds one interval to the elapsed time,
    /// while the elapsed time is below the hours, so a part interval at the end still takes a sample (rounds up);
    /// capped by max samples; hours 0 takes max samples.
    /// </summary>
    [JsonIgnore] public int ExpectedSamples { get; }

    [JsonIgnore] public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSecs);

    /// <summary>
    /// How long the schedule lasts: the script sleeps one interval after every sample, the last one included.
    /// </summary>
    [JsonIgnore] public TimeSpan Length => Interval * ExpectedSamples;

    /// <summary>
    /// Validates the three values; every problem names the parameter that carries it, spelt with
    /// <paramref name="parameterPrefix"/> (the canary passes "--canary-soak").
    /// </summary>
    public static SoakSchedule Create(double hours, int intervalSecs, int maxSamples, string parameterPrefix = "--soak")
    {
        Count(hours, intervalSecs, maxSamples, parameterPrefix);
        return new SoakSchedule(hours, intervalSecs, maxSamples);
    }

    private static int Count(double hours, int intervalSecs, int maxSamples, string p)
    {
        if (!double.IsFinite(hours) || hours < 0)
            throw new ArgumentException($"{p}-hours must be a number of hours ≥ 0, got {hours}");
        if (intervalSecs < 1)
            throw new ArgumentException($"{p}-interval-secs must be at least 1, got {intervalSecs}");
        if (maxSamples < 0)
            throw new ArgumentException($"{p}-max-samples must be ≥ 0 (0 means no cap), got {maxSamples}");
        if (hours > 1_000_000)
            throw new ArgumentException($"{p}-hours {hours} is more than 1,000,000 hours");
        var expected = hours > 0 ? (long)Math.Ceiling(hours * 3600 / intervalSecs) : maxSamples;
        if (hours > 0 && maxSamples > 0) expected = Math.Min(expected, maxSamples);
        if (expected == 0)
            throw new ArgumentException($"{p}-hours 0 with {p}-max-samples 0 asks for zero samples; the script would "
                + "pass such a soak (D-SK4), the build refuses it");
        if (expected > 1_000_000)
            throw new ArgumentException($"the schedule of {p}-hours {hours} every {p}-interval-secs "
                + $"{intervalSecs} asks "
                + $"for {expected} samples; that is more than 1,000,000");
        return (int)expected;
    }

    /// <summary>
    /// Hours as the script's bash arithmetic needs them (D-SK8): a whole number, or an error naming the value.
    /// </summary>
    [JsonIgnore]
    public long WholeHours =>
        Hours == Math.Floor(Hours)
            ? (long)Hours
            : throw new ArgumentException($"--soak-hours {Hours} is fractional; scripts/vvtv-soak.sh only takes whole "
                + "hours (D-SK8): use --soak-engine native or whole hours");

    public override string ToString() =>
        $"{ExpectedSamples} samples every {IntervalSecs} s ({(Hours > 0 ? $"{Hours} h" : "0 h")}"
        + $"{(MaxSamples > 0 ? $", at most {MaxSamples}" : "")})";
}
