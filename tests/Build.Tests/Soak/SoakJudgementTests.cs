using Build.Tests.Vvtv;
using global::Soak;
using static Build.Tests.Soak.SoakBodies;

namespace Build.Tests.Soak;

/// <summary>
/// The soak's judgement from recorded samples (no processes): failure limit, consecutive-error limit, error budget,
/// stale metrics and the orchestrator, each at its boundary; the schedule's one rounding rule; plan and resume.
/// </summary>
public sealed class SoakJudgementTests
{
    [Test]
    public void Http_500_on_every_other_sample_spends_the_error_budget_though_no_two_errors_are_consecutive()
    {
        var settings = Settings(20);
        var samples = Enumerable.Range(0, 20).Select(k => k % 2 == 1 ? Http500(k) : Healthy(k)).ToList();

        var v = Decide(settings, samples);

        Assert.That(v.Passed, Is.False);
        Assert.That(v.LongestErrorRun, Is.EqualTo(1), "the consecutive-error limit alone would pass this soak");
        Assert.That(v.Reasons, Has.Some.StartsWith("error budget spent: 10 of 20 samples could not be measured"));
        Assert.That(v.AllowedErrors, Is.EqualTo(0), "strict by default: 1 % of 20 samples allows none");
        Assert.That(Stop(settings, samples), Does.StartWith("error budget spent: 1 of 2"), "the soak stops at once");
    }

    [Test]
    public void The_error_budget_is_a_share_of_the_scheduled_samples_at_its_boundary()
    {
        var settings = Settings(100) with { ErrorBudget = 0.05 };
        List<SoakSampleRecord> WithErrors(int n) =>
            [.. Enumerable.Range(0,
                100).Select(k => k % 20 == 3 && k / 20 < n || k == 99 && n == 6 ? Http500(k) : Healthy(k))];

        Assert.That(settings.AllowedErrors, Is.EqualTo(5));
        Assert.That(Decide(settings, WithErrors(5)).Passed, Is.True);
        Assert.That(Decide(settings, WithErrors(6)).Reasons.Single(), Does.StartWith("error budget spent: 6 of 100"));
    }

    [Test]
    public void The_failure_limit_tolerates_that_many_failed_samples_and_no_more()
    {
        var settings = Settings(10) with { FailureLimit = 1 };
        var one = Enumerable.Range(0, 10).Select(k => k == 4 ? Alerted(k) : Healthy(k)).ToList();
        var two = Enumerable.Range(0, 10).Select(k => k is 4 or 7 ? Alerted(k) : Healthy(k)).ToList();

        Assert.That(Decide(settings, one).Passed, Is.True);
        Assert.That(Decide(settings, two).Reasons.Single(),
            Does.StartWith("2 sample(s) failed (failure limit 1), first: sample 4").And.Contain("QA_PASS_RATE_LOW"));
        Assert.That(Decide(Settings(10), one).Passed, Is.False, "the default failure limit is 0");
    }

    [Test]
    public void Metric_samples_that_stop_advancing_for_longer_than_the_window_are_stale()
    {
        var settings = Settings(12) with { StaleMetricsWindow = TimeSpan.FromSeconds(5) };
        // Rows 1, 2, 3 at samples 0..2, then nothing new: sample 8 is 6 s after the last advance at sample 2.
        var frozen = Enumerable.Range(0, 12).Select(k => Healthy(k) with { MetricRows = Math.Min(k, 2) + 1,
            MetricsNewest = $"ts{Math.Min(k, 2)}" }).ToList();
        var advancing = Enumerable.Range(0, 12).Select(k => Healthy(k) with { MetricRows = k / 5 + 1,
            MetricsNewest = $"ts{k / 5}" }).ToList();

        var v = Decide(settings, frozen);

        Assert.That(v.Passed, Is.False);
        Assert.That(v.StaleMetrics,
            Does.StartWith("stale metrics: metric_samples did not advance for 6 s (window 5 s), "
            + "from sample 2").And.Contain("to sample 8 (3 rows, newest ts2)"));
        Assert.That(Stop(settings, frozen.Take(9)), Does.StartWith("stale metrics"));
        Assert.That(Stop(settings, frozen.Take(8)), Is.Null, "5 s without a new row is within the window");
        Assert.That(Decide(settings, advancing).Passed, Is.True, "a row every 5 s keeps within a 5 s window");
    }

    [Test]
    public void An_unreadable_state_db_never_counts_as_advancing()
    {
        var settings = Settings(8) with { StaleMetricsWindow = TimeSpan.FromSeconds(5) };
        var samples = Enumerable.Range(0, 8).Select(Healthy).ToList();

        Assert.That(Decide(settings, samples).StaleMetrics, Does.Contain("(db unreadable)"));
    }

    [Test]
    public void Metrics_served_other_than_the_newest_row_for_longer_than_the_window_are_stale()
    {
        var settings = Settings(12) with { StaleMetricsWindow = TimeSpan.FromSeconds(3) };
        SoakSampleRecord Row(int k, bool lagging) =>
            Healthy(k) with { MetricRows = k + 1, MetricsNewest = $"ts{k}", MetricsLagging = lagging };
        // A lag of one sample now and then is a row landing between the GET and the read; four in a row is a frozen
        // API.
        var racing = Enumerable.Range(0, 12).Select(k => Row(k, k % 3 == 1)).ToList();
        var frozen = Enumerable.Range(0, 12).Select(k => Row(k, k >= 5)).ToList();

        Assert.That(Decide(settings, racing).Passed, Is.True);
        Assert.That(Decide(settings, frozen).StaleMetrics,
            Does.StartWith("stale metrics: /metrics served other values than metric_samples' newest row (ts9) "
                + "for 4 s"));
    }

    [Test]
    public void The_orchestrator_gone_fails_the_soak_whatever_the_failure_limit()
    {
        var settings = Settings(6) with { FailureLimit = 10 };
        var samples = Enumerable.Range(0, 6).Select(k => Healthy(k) with
        {
            OrchestratorAlive = k < 3,
            Outcome = k < 3 ? SampleOutcome.Success : SampleOutcome.Failure,
        }).ToList();

        var v = Decide(settings, samples);

        Assert.That(v.OrchestratorGone, Is.True);
        Assert.That(v.Reasons.First(), Does.StartWith("the orchestrator the soak started was gone at sample 3"));
    }

    [Test]
    public void Evidence_names_the_engine_that_sampled()
    {
        Assert.That(SoakVerdict.SampledByText(SoakEngineKind.Native, null),
            Is.EqualTo("native engine: sampled and judged by the build"));
        Assert.That(SoakVerdict.SampledByText(SoakEngineKind.Script, "PASS"),
            Does.Contain("vvtv-soak.sh sampled and wrote verdict=PASS"));
        var v = Decide(Settings(2), [Healthy(0), Healthy(1)]);
        Assert.That(v.Summary, Does.StartWith("soak PASS (native engine: sampled and judged by the build)"));
        Assert.That(v.Summary, Does.Not.Contain("script"));
    }

    [TestCase(1, 7, 0, 515, TestName = "A part interval at the end takes one more sample (3600 / 7 rounds up)")]
    [TestCase(1, 3600, 0, 1, TestName = "An interval of exactly the hour takes one sample")]
    [TestCase(1, 3601, 0, 1, TestName = "An interval longer than the hours still takes one sample")]
    [TestCase(2, 3599, 0, 3, TestName = "Two hours at 3599 s: 2.0006 intervals round up to 3")]
    [TestCase(1, 7, 100, 100, TestName = "Max samples caps the hours")]
    public void Schedule_rounds_up_as_the_scripts_loop_does(double hours, int interval, int max, int expected)
    {
        var schedule = SoakSchedule.Create(hours, interval, max);

        Assert.That(schedule.ExpectedSamples, Is.EqualTo(expected));
        Assert.That(schedule.Length, Is.EqualTo(TimeSpan.FromSeconds((double)expected * interval)));
    }

    [Test]
    public void Schedule_names_the_canarys_parameters_when_asked()
    {
        Assert.That(() => SoakSchedule.Create(0, 1, 0, "--canary-soak"),
            Throws.ArgumentException.With.Message.Contains("--canary-soak-hours 0 with --canary-soak-max-samples 0"));
        Assert.That(() => SoakSchedule.Create(1e6 + 1, 1, 0, "--canary-soak"),
            Throws.ArgumentException.With.Message.Contains("--canary-soak-hours"));
    }

    [Test]
    public void A_plan_keeps_its_settings_through_a_save_and_load()
    {
        using var dir = new ScratchDir();
        var settings = Settings(1440) with
        {
            FailureLimit = 2, ErrorBudget = 0.02, StaleMetricsWindow = TimeSpan.FromMinutes(90),
            RequestTimeout = TimeSpan.FromSeconds(7.5), ApiUrl = "http://127.0.0.1:7071",
        };
        var path = Path.Combine(dir.Path, SoakPlan.FileName);

        SoakPlan.Start(settings, "/tmp/out", T0).Save(path);
        var loaded = SoakPlan.Load(path);

        Assert.That(loaded.Settings, Is.EqualTo(settings with { ProgressEvery = loaded.Settings.ProgressEvery }));
        Assert.That(loaded.ExpectedSamples, Is.EqualTo(1440));
    }

    [Test]
    public void A_plan_with_refused_settings_is_an_error_naming_the_file()
    {
        using var dir = new ScratchDir();
        var path = Path.Combine(dir.Path, SoakPlan.FileName);
        SoakPlan.Start(Settings(3), "/tmp/out", T0).Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"max_samples\": 3", "\"max_samples\": 0"));

        Assert.That(() => SoakPlan.Load(path), Throws.InstanceOf<global::Vvtv.VvtvFormatException>()
            .With.Message.Contains(SoakPlan.FileName).And.Message.Contains("zero samples"));
    }

    [Test]
    public void A_resume_replays_the_journal_to_the_same_judgement()
    {
        using var dir = new ScratchDir();
        var settings = Settings(30) with { ErrorBudget = 0.2 };
        var journal = new SamplesJournal(Path.Combine(dir.Path, SamplesJournal.FileName));
        var live = new SoakTally(settings);
        foreach (var s in Enumerable.Range(0, 30).Select(k => k % 4 == 0 ? Http500(k) : Healthy(k)))
        {
            journal.Append(s);
            live.Add(s);
        }
        journal.Close();

        var replayed = SoakRunner.Replay(SoakPlan.Start(settings, dir.Path, T0), journal);

        Assert.That((replayed.Samples, replayed.Errors, replayed.LongestErrorRun, replayed.Problems().ToList()),
            Is.EqualTo((live.Samples, live.Errors, live.LongestErrorRun, live.Problems().ToList())));
        Assert.That(replayed.Problems().Single(), Does.StartWith("error budget spent: 8 of 30"));
    }

    [Test]
    public void Blocking_alerts_are_listed_once_per_kind_up_to_a_cap_however_many_kinds_the_api_sends()
    {
        var tally = new SoakTally(Settings(200) with { FailureLimit = 1000 });
        for (var k = 0; k < 200; k++) tally.Add(Alerted(k) with { BlockingAlerts = [$"CODE_{k % 120} (high)"] });

        Assert.That(tally.BlockingAlertObservations, Is.EqualTo(200));
        Assert.That(tally.BlockingAlerts, Has.Count.EqualTo(SoakTally.MaxBlockingAlertKinds + 1));
        Assert.That(tally.BlockingAlerts.Take(SoakTally.MaxBlockingAlertKinds),
            Is.EqualTo(Enumerable.Range(0, SoakTally.MaxBlockingAlertKinds).Select(k => $"CODE_{k} (high)")));
        Assert.That(tally.BlockingAlerts[^1], Does.StartWith($"more than {SoakTally.MaxBlockingAlertKinds} kinds"));
    }

    private static SoakSettings Settings(int samples) =>
        new() { Engine = SoakEngineKind.Native, Schedule = SoakSchedule.Create(0, 1, samples) };

    private static SoakVerdict Decide(SoakSettings settings, IEnumerable<SoakSampleRecord> samples)
    {
        var plan = SoakPlan.Start(settings, "/tmp/x", T0);
        var tally = new SoakTally(settings);
        foreach (var s in samples) tally.Add(s);
        return SoakVerdict.Decide(plan, tally, [], TimeSpan.FromSeconds(tally.Samples), scriptVerdict: null);
    }

    private static string? Stop(SoakSettings settings, IEnumerable<SoakSampleRecord> samples)
    {
        var tally = new SoakTally(settings);
        foreach (var s in samples)
            if (tally.Add(s) is { } stop) return stop;
        return null;
    }

    private static SoakSampleRecord Healthy(int k) =>
        SampleJudge.Judge(k, T0.AddSeconds(k), Ok(Status), Ok(Metrics), Ok(Alerts));

    private static SoakSampleRecord Alerted(int k) =>
        SampleJudge.Judge(k, T0.AddSeconds(k), Ok(Status), Ok(Metrics), Ok(HighAlert));

    // What the sandbox's api-error-every answers: HTTP 500 with a JSON body.
    private static SoakSampleRecord Http500(int k) =>
        SampleJudge.Judge(k, T0.AddSeconds(k), Ok(Status), new EndpointResponse(500, "{\"error\":\"x\"}", 1, null),
            Ok(Alerts));

    private static EndpointResponse Ok(string body) => new(200, body, 1, null);
}
