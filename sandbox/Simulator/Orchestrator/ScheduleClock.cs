using System.Diagnostics;
using System.Globalization;
using Simulator.Common;

namespace Simulator.Orchestrator;

/// <summary>
/// The scheduler's clock: the machine's local time, or for the sandbox's own tests the instant in `VVTV_SIM_NOW`
/// (RFC 3339 with an offset, which stands for the local zone), advancing at real speed from the process start.
/// </summary>
/// <remarks>
/// VVTV schedules its nightly by the local wall clock (03:00), so a test that does not fix the clock sees an extra
/// nightly one hour a day; with this override a test chooses the hour and the zone instead of inheriting them.
/// </remarks>
public sealed class ScheduleClock
{
    private readonly DateTimeOffset? _start;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    private ScheduleClock(DateTimeOffset? start) => _start = start;

    public static ScheduleClock FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("VVTV_SIM_NOW");
        if (string.IsNullOrEmpty(text)) return new ScheduleClock(null);
        if (!DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var start))
            throw new CliException($"VVTV_SIM_NOW must be an RFC 3339 time with an offset, as in " +
                                   $"2026-03-02T03:05:00+05:00 (got '{text}')");
        return new ScheduleClock(start);
    }

    /// <summary>Now, in the local offset (the override's own offset when set).</summary>
    public DateTimeOffset Now => _start is { } s ? s + _elapsed.Elapsed : DateTimeOffset.Now;
}
