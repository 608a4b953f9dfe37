namespace Soak;

/// <summary>
/// What a soak samples, with the script's meaning (contract §2.6): hours, interval, max samples. Unlike the script,
/// a schedule that asks for zero samples is refused (D-SK4), and sample k is due at start + k × interval whatever the response times (D-SK1).
/// </summary>
public sealed record SoakSchedule
{
    private SoakSchedule(double hours, int intervalSecs, int maxSamples, int expectedSamples)
    {
        Hours = hours;
        IntervalSecs = intervalSecs;
        MaxSamples = maxSamples;
        ExpectedSamples = expectedSamples;
    }

    public double Hours { get; }
    public int IntervalSecs { get; }
    public int MaxSamples { get; }

    /// <summary>Samples the schedule asks for: one per interval over the hours (the script's loop), capped by max samples; hours 0 takes max samples.</summary>
    public int ExpectedSamples { get; }

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSecs);

    /// <summary>Time the script needs for the schedule: it sleeps one interval after every sample, the last one included.</summary>
    public TimeSpan ScriptLength => Interval * ExpectedSamples;

    /// <summary>Validates the three values; every problem names the parameter that carries it.</summary>
    public static SoakSchedule Create(double hours, int intervalSecs, int maxSamples)
    {
        if (!double.IsFinite(hours) || hours < 0)
            throw new ArgumentException($"--soak-hours must be a number of hours ≥ 0, got {hours}");
        if (intervalSecs < 1)
            throw new ArgumentException($"--soak-interval-secs must be at least 1, got {intervalSecs}");
        if (maxSamples < 0)
            throw new ArgumentException($"--soak-max-samples must be ≥ 0 (0 means no cap), got {maxSamples}");
        long expected = hours > 0 ? (long)Math.Ceiling(hours * 3600 / intervalSecs) : maxSamples;
        if (hours > 0 && maxSamples > 0) expected = Math.Min(expected, maxSamples);
        if (expected == 0)
            throw new ArgumentException("--soak-hours 0 with --soak-max-samples 0 asks for zero samples; the script would pass such a soak (D-SK4), the build refuses it");
        if (expected > 1_000_000)
            throw new ArgumentException($"the soak schedule asks for {expected} samples ({hours} h every {intervalSecs} s); that is more than 1,000,000");
        return new SoakSchedule(hours, intervalSecs, maxSamples, (int)expected);
    }

    /// <summary>Hours as the script's bash arithmetic needs them (D-SK8): a whole number, or an error naming the value.</summary>
    public long WholeHours =>
        Hours == Math.Floor(Hours)
            ? (long)Hours
            : throw new ArgumentException($"--soak-hours {Hours} is fractional; scripts/vvtv-soak.sh only takes whole hours (D-SK8): use --soak-engine native or whole hours");

    public override string ToString() =>
        $"{ExpectedSamples} samples every {IntervalSecs} s ({(Hours > 0 ? $"{Hours} h" : "0 h")}{(MaxSamples > 0 ? $", at most {MaxSamples}" : "")})";
}
