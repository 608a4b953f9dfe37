using Build.Tests.Vvtv;
using global::Soak;

namespace Build.Tests.Soak;

/// <summary>The schedule, the journal and the verdict rules on their own (no processes).</summary>
public sealed class SoakVerdictTests
{
    private const string Metrics = "vvtv_buffer_minutes 60\nvvtv_plans_created 1\nvvtv_plans_committed " +
        "1\nvvtv_qa_pass_rate 1\nvvtv_fallback_rate 0\nvvtv_curator_actions 0\nvvtv_stream_disruptions 0\n";
    private const string Status = "{\"buffer_minutes\":60,\"state\":\"RUNNING\",\"timestamp\":\"2026-11-24T06:20:30+00:00\"}";
    private const string Alerts = "{\"alerts\":[],\"count\":0}";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 6, 20, 30, TimeSpan.Zero);

    [Test]
    public void Schedule_takes_the_scripts_meaning_and_refuses_zero_samples()
    {
        Assert.That(SoakSchedule.Create(24, 60, 0).ExpectedSamples, Is.EqualTo(1440));
        Assert.That(SoakSchedule.Create(1, 60, 10).ExpectedSamples, Is.EqualTo(10));
        Assert.That(SoakSchedule.Create(0, 1, 5).ExpectedSamples, Is.EqualTo(5));
        Assert.That(() => SoakSchedule.Create(0, 1, 0), Throws.ArgumentException.With.Message.Contains("zero samples"));
        Assert.That(() => SoakSchedule.Create(1, 0, 0),
            Throws.ArgumentException.With.Message.Contains("--soak-interval-secs"));
        Assert.That(() => SoakSchedule.Create(0.5, 60, 0).WholeHours,
            Throws.ArgumentException.With.Message.Contains("D-SK8"));
    }

    [Test]
    public void Judge_tells_failures_from_errors()
    {
        var ok = SampleJudge.Judge(0, T0, Ok(Status), Ok(Metrics), Ok(Alerts));
        var disrupted = SampleJudge.Judge(1, T0, Ok(Status),
            Ok(Metrics.Replace("vvtv_stream_disruptions 0", "vvtv_stream_disruptions 1")), Ok(Alerts));
        var high = SampleJudge.Judge(2, T0, Ok(Status), Ok(Metrics),
            Ok("{\"alerts\":[{\"code\":\"QA_PASS_RATE_LOW\",\"severity\":\"high\",\"message\":\"m\"}],\"count\":1}"));
        var timeout = SampleJudge.Judge(3, T0, new EndpointResponse(null, null, 1000, "timed out after 1 s"),
            Ok(Metrics), Ok(Alerts));
        var missingSeries = SampleJudge.Judge(4, T0, Ok(Status), Ok("vvtv_buffer_minutes 60\n"), Ok(Alerts));
        var http500 = SampleJudge.Judge(5, T0, Ok(Status), Ok(Metrics), new EndpointResponse(500, "oops", 1, null));
        Assert.Multiple(() =>
        {
            Assert.That(ok.Outcome, Is.EqualTo(SampleOutcome.Success));
            Assert.That(disrupted.Outcome, Is.EqualTo(SampleOutcome.Failure));
            Assert.That(disrupted.Reasons.Single(), Does.Contain("stream disruption"));
            Assert.That(high.Outcome, Is.EqualTo(SampleOutcome.Failure));
            Assert.That(high.BlockingAlerts, Is.EqualTo(new[] { "QA_PASS_RATE_LOW (high)" }));
            Assert.That(timeout.Outcome, Is.EqualTo(SampleOutcome.Error));
            Assert.That(timeout.Reasons.Single(), Is.EqualTo("GET /v1/status timed out after 1 s"));
            Assert.That(missingSeries.Outcome, Is.EqualTo(SampleOutcome.Error));
            Assert.That(missingSeries.BufferMinutes, Is.Null, "missing data is never read as healthy");
            Assert.That(http500.Reasons.Single(), Does.Contain("HTTP 500"));
        });
    }

    [Test]
    public void Verdict_fails_on_an_error_run_over_the_limit_and_on_missing_samples()
    {
        var plan = SoakPlan.Start(new SoakSettings
        {
            Engine = SoakEngineKind.Native, Schedule = SoakSchedule.Create(0, 1, 6), MaxConsecutiveErrors = 2,
        }, "/tmp/x", T0);
        var error = new EndpointResponse(null, null, 1, "failed: Connection refused");
        var samples = Enumerable.Range(0, 5).Select(k => k is >= 1 and <= 3
            ? SampleJudge.Judge(k, T0.AddSeconds(k), error, error, error)
            : SampleJudge.Judge(k, T0.AddSeconds(k), Ok(Status), Ok(Metrics), Ok(Alerts))).ToList();

        var v = SoakVerdict.Decide(plan, Tally(plan, samples), [], TimeSpan.FromSeconds(5), scriptVerdict: null);

        Assert.That(v.Passed, Is.False);
        Assert.That(v.LongestErrorRun, Is.EqualTo(3));
        Assert.That(v.Reasons,
            Has.Some.Contains("3 consecutive samples could not be measured (consecutive-error limit 2)"));
        Assert.That(v.Reasons, Has.Some.Contains("only 5 of the 6 samples"));
        var lenient = plan.Settings with { ErrorBudget = 1 };
        Assert.That(StopAfter(lenient, samples.Take(4)), Does.Contain("3 consecutive"));
        Assert.That(StopAfter(lenient, samples.Take(3)), Is.Null);
    }

    [Test]
    public void Verdict_fails_when_no_sample_could_be_measured_even_within_the_error_limit()
    {
        var plan = SoakPlan.Start(new SoakSettings
        {
            Engine = SoakEngineKind.Native, Schedule = SoakSchedule.Create(0, 1, 3), MaxConsecutiveErrors = 3,
        }, "/tmp/x", T0);
        var timeout = new EndpointResponse(null, null, 1000, "timed out after 1 s");
        var samples = Enumerable.Range(0, 3).Select(k => SampleJudge.Judge(k, T0.AddSeconds(k), timeout, timeout,
            timeout)).ToList();

        var v = SoakVerdict.Decide(plan, Tally(plan, samples), [], TimeSpan.FromSeconds(3), scriptVerdict: null);

        Assert.That(v.Passed, Is.False);
        Assert.That(v.Reasons, Has.Some.Contains("none of the 3 samples could be measured"));
    }

    [Test]
    public void Journal_cuts_a_torn_last_line_and_refuses_a_gap()
    {
        using var dir = new ScratchDir();
        var journal = new SamplesJournal(Path.Combine(dir.Path, SamplesJournal.FileName));
        journal.Append(SampleJudge.Judge(0, T0, Ok(Status), Ok(Metrics), Ok(Alerts)));
        journal.Append(SampleJudge.Judge(1, T0.AddSeconds(1), Ok(Status), Ok(Metrics), Ok(Alerts)));
        File.AppendAllText(journal.Path, "{\"k\":2,\"t\":\"2026-11-24T06:2");

        Assert.That(journal.Load().Select(s => s.K), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(File.ReadAllText(journal.Path), Does.EndWith("}\n"));
        Assert.That(journal.Load()[1].T, Is.EqualTo(T0.AddSeconds(1)));

        journal.Append(SampleJudge.Judge(3, T0.AddSeconds(3), Ok(Status), Ok(Metrics), Ok(Alerts)));
        Assert.That(() => journal.Load(),
            Throws.InstanceOf<global::Vvtv.VvtvFormatException>().With.Message.Contains(":3: sample k=3 where k=2"));
    }

    private static EndpointResponse Ok(string body) => new(200, body, 1, null);

    private static SoakTally Tally(SoakPlan plan, IEnumerable<SoakSampleRecord> samples)
    {
        var tally = new SoakTally(plan.Settings);
        foreach (var s in samples) tally.Add(s);
        return tally;
    }

    private static string? StopAfter(SoakSettings settings, IEnumerable<SoakSampleRecord> samples)
    {
        var tally = new SoakTally(settings);
        string? stop = null;
        foreach (var s in samples) stop = tally.Add(s);
        return stop;
    }
}
