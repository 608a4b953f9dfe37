using Build.Tests.Vvtv;
using global::Soak;

namespace Build.Tests.Soak;

/// <summary>
/// Following the script's sample logs over a long soak (no processes): every sample once, in order, and only the
/// samples not yielded yet held in memory, while the logs grow and when a resume starts over long logs.
/// </summary>
public sealed class ScriptLogTailTests
{
    private const string Metrics = "vvtv_buffer_minutes 60\nvvtv_stream_disruptions 0\n";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 6, 20, 30, TimeSpan.Zero);

    [Test]
    public void A_long_script_output_is_yielded_once_in_order_holding_only_the_last_sample()
    {
        using var dir = new ScratchDir();
        var logs = new SampleLogs(dir.Path);
        var tail = new ScriptLogTail(dir.Path, alreadyJournaled: 0);
        var yielded = new List<LoggedSample>();
        var held = new List<int>();
        for (var round = 0; round < 5; round++)
        {
            for (var k = round * 2000; k < (round + 1) * 2000; k++) logs.Append(T0.AddMinutes(k), Status(k), Metrics,
                Alerts(k));
            yielded.AddRange(tail.Poll(ended: false));
            held.Add(tail.Pending);
        }
        yielded.AddRange(tail.Poll(ended: true));

        Assert.That(yielded, Has.Count.EqualTo(10_000));
        Assert.That(held, Is.All.EqualTo(1), "the newest sample waits for its metrics block; nothing older is kept");
        Assert.That(tail.Pending, Is.Zero);
        for (var k = 0; k < yielded.Count; k += 997) Assert.That(yielded[k], Is.EqualTo(Logged(k)));
        Assert.That(yielded[^1], Is.EqualTo(Logged(9_999)));
    }

    [Test]
    public void A_resume_over_long_logs_drops_the_journaled_samples_as_it_reads_them()
    {
        using var dir = new ScratchDir();
        var logs = new SampleLogs(dir.Path);
        for (var k = 0; k < 10_000; k++) logs.Append(T0.AddMinutes(k), Status(k), Metrics, Alerts(k));

        var tail = new ScriptLogTail(dir.Path, alreadyJournaled: 9_995);

        Assert.That(tail.Pending, Is.EqualTo(5));
        Assert.That(tail.Poll(ended: true), Is.EqualTo(Enumerable.Range(9_995, 5).Select(Logged)));
    }

    [Test]
    public void A_character_split_across_reads_is_kept_whole()
    {
        using var dir = new ScratchDir();
        // Longer than one read of the log, so a two-byte character falls across a read boundary.
        var body = "{\"note\":\"" + new string('é', 20_000) + "\"}";
        new SampleLogs(dir.Path).Append(T0, body, Metrics, Alerts(0));

        var sample = new ScriptLogTail(dir.Path, alreadyJournaled: 0).Poll(ended: true).Single();

        Assert.That(sample.Status, Is.EqualTo(body));
    }

    private static string Status(int k) => $"{{\"buffer_minutes\":60,\"state\":\"RUNNING\",\"k\":{k}}}";

    private static string Alerts(int k) => $"{{\"alerts\":[],\"count\":0,\"k\":{k}}}";

    private static LoggedSample Logged(int k) => new(global::Engine.UtcTime.Seconds(T0.AddMinutes(k)), Status(k),
        Alerts(k), Metrics.TrimEnd('\n'), $"{SampleLogs.Status} sample {k + 1}");
}
