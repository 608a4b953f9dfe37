using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class SoakEvaluationTests
{
    [Test]
    public void Reevaluation_finds_what_the_script_ignores()
    {
        using var dir = new ScratchDir();
        var critical = VvtvSamples.Alerts.Replace("medium", "critical")
            .Replace("FALLBACK_RATE_GROWING", "BUFFER_CRITICAL");
        dir.Write("status-samples.log",
            $"2026-11-24T06:20:30Z | status={VvtvSamples.Status}\n2026-11-24T06:21:30Z | " +
                $"status=<html>500</html>\n2026-11-24T06:22:30Z | status=\n");
        dir.Write("alerts-samples.log",
            $"2026-11-24T06:20:30Z | alerts={VvtvSamples.Alerts}\n2026-11-24T06:21:30Z | " +
                $"alerts={critical}\n2026-11-24T06:22:30Z | alerts={VvtvSamples.Alerts}\n");
        dir.Write("metrics-samples.log",
            "# --- 2026-11-24T06:20:30Z ---\n" + VvtvSamples.Metrics +
            "# --- 2026-11-24T06:21:30Z ---\n" + VvtvSamples.Metrics.Replace("vvtv_stream_disruptions 0",
                "vvtv_stream_disruptions 1").Replace("vvtv_buffer_minutes 60", "vvtv_buffer_minutes 10") +
            "# --- 2026-11-24T06:22:30Z ---\nvvtv_plans_created 1\n");
        var e = SoakEvaluation.Evaluate(dir.Path);
        Assert.Multiple(() =>
        {
            Assert.That(e.Samples, Is.EqualTo(3));
            Assert.That(e.EmptyBodies, Is.EqualTo(1));
            Assert.That(e.InvalidStatusBodies, Is.EqualTo(1));
            Assert.That(e.StreamDisruptionObservations, Is.EqualTo(1));
            Assert.That(e.BufferCriticalObservations, Is.EqualTo(1));
            Assert.That(e.MetricsBlocksMissingSeries, Is.EqualTo(1));
            Assert.That(e.BlockingAlerts.Single(), Does.Contain("BUFFER_CRITICAL"));
            Assert.That(e.Problems, Has.Some.Contains("status-samples.log:2"));
        });
    }

    [Test]
    public void Missing_log_is_a_format_error()
    {
        using var dir = new ScratchDir();
        Assert.Throws<VvtvFormatException>(() => SoakEvaluation.Evaluate(dir.Path));
    }
}
