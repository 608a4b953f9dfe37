using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class PrometheusTextTests
{
    [Test]
    public void Seven_series_are_read()
    {
        var values = PrometheusText.Parse(VvtvSamples.Metrics, "metrics.prom").VvtvValues("metrics.prom");
        Assert.That(values["vvtv_buffer_minutes"], Is.EqualTo(60));
        Assert.That(values["vvtv_qa_pass_rate"], Is.EqualTo(0.94));
        Assert.That(values, Has.Count.EqualTo(7));
    }

    [Test]
    public void Labels_special_values_and_timestamps_are_understood()
    {
        var text = PrometheusText.Parse("other{a=\"x}y\",b=\"q\\\"\"} 1 1700000000\nnan_metric NaN\ninf_metric " +
            "+Inf\nneg -Inf\nsci 1e3\n", "m");
        Assert.That(text.Samples[0].Labels, Is.EqualTo("a=\"x}y\",b=\"q\\\"\""));
        Assert.That(text.Value("nan_metric"), Is.NaN);
        Assert.That(text.Value("inf_metric"), Is.EqualTo(double.PositiveInfinity));
        Assert.That(text.Value("sci"), Is.EqualTo(1000));
        Assert.That(text.Value("other"), Is.Null, "labelled samples are not the unlabelled series");
    }

    [Test]
    public void Missing_series_are_all_listed()
    {
        var text = PrometheusText.Parse(VvtvSamples.Metrics.Replace("vvtv_qa_pass_rate 0.94\n", "")
            .Replace("vvtv_stream_disruptions 0\n", ""), "metrics.prom");
        var e = Assert.Throws<VvtvFormatException>(() => text.VvtvValues("metrics.prom"))!;
        Assert.That(e.Message,
            Does.Contain("vvtv_qa_pass_rate").And.Contain("vvtv_stream_disruptions").And.Not.Contain("vvtv_buffer_minutes,"));
    }

    [TestCase("vvtv_buffer_minutes 60\n", "vvtv_buffer_minutes sixty\n", 3)]
    [TestCase("vvtv_buffer_minutes 60\n", "vvtv_buffer_minutes\n", 3)]
    [TestCase("vvtv_buffer_minutes 60\n", "vvtv_buffer_minutes{a=\"1\" 60\n", 3)]
    [TestCase("vvtv_plans_committed 18\n", "<html>\n", 7)]
    public void Malformed_lines_are_named(string from, string to, int line)
    {
        var e = Assert.Throws<VvtvFormatException>(() =>
            PrometheusText.Parse(VvtvSamples.Metrics.Replace(from, to), "metrics.prom"))!;
        Assert.That(e.Message, Does.StartWith($"metrics.prom:{line}:"));
    }
}
