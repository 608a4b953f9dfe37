using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class SoakSamplesTests
{
    [Test]
    public void Status_and_alert_lines_parse_with_empty_bodies_kept()
    {
        var samples = SoakSamples.ParseLines($"2026-11-24T06:20:30Z | " +
            $"status={VvtvSamples.Status}\n2026-11-24T06:20:31Z | status=\n", "status-samples.log", "status");
        Assert.That(samples, Has.Count.EqualTo(2));
        Assert.That(ApiStatus.Parse(samples[0].Body, "s").State, Is.EqualTo("RUNNING"));
        Assert.That(samples[1].Body, Is.Empty);
        Assert.That(samples[1].At.Second, Is.EqualTo(31));
    }

    [TestCase("garbage\n", 1)]
    [TestCase("2026-11-24 06:20:30 | status={}\n", 1)]
    [TestCase("2026-11-24T06:20:30Z | status={}\n2026-11-24T06:20:3", 2)]
    [TestCase("2026-11-24T06:20:30Z | alerts={}\n", 1)]
    public void Bad_lines_are_named(string text, int line)
    {
        var e = Assert.Throws<VvtvFormatException>(() => SoakSamples.ParseLines(text, "status-samples.log", "status"))!;
        Assert.That(e.Message, Does.StartWith($"status-samples.log:{line}:"));
    }

    [Test]
    public void Metrics_blocks_parse_and_disruptions_can_be_reevaluated()
    {
        var text = "# --- 2026-11-24T06:20:30Z ---\n" + VvtvSamples.Metrics +
                   "# --- 2026-11-24T06:21:30Z ---\n"
                       + VvtvSamples.Metrics.Replace("vvtv_stream_disruptions 0", "vvtv_stream_disruptions 1") +
                   "# --- 2026-11-24T06:22:30Z ---\n";
        var blocks = SoakSamples.ParseMetrics(text, "metrics-samples.log");
        Assert.That(blocks, Has.Count.EqualTo(3));
        Assert.That(blocks.Count(b => b.Metrics.Value("vvtv_stream_disruptions") > 0), Is.EqualTo(1));
        Assert.That(blocks[2].Metrics.Samples, Is.Empty,
            "an empty body is a failed request, kept as a block without series");
        Assert.That(blocks[1].Line, Is.EqualTo(13));
    }

    [Test]
    public void Metrics_defects_are_named_with_the_file_line()
    {
        var e = Assert.Throws<VvtvFormatException>(() =>
            SoakSamples.ParseMetrics("# --- 2026-11-24T06:20:30Z ---\nvvtv_buffer_minutes 6x\n",
                "metrics-samples.log"))!;
        Assert.That(e.Message, Does.StartWith("metrics-samples.log:2:"));
        e = Assert.Throws<VvtvFormatException>(() =>
            SoakSamples.ParseMetrics("vvtv_buffer_minutes 60\n", "metrics-samples.log"))!;
        Assert.That(e.Message, Does.StartWith("metrics-samples.log:1:"));
        e = Assert.Throws<VvtvFormatException>(() =>
            SoakSamples.ParseMetrics("# --- yesterday ---\n", "metrics-samples.log"))!;
        Assert.That(e.Message, Does.StartWith("metrics-samples.log:1:"));
    }
}
