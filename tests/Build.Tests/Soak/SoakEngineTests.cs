using global::Soak;

namespace Build.Tests.Soak;

/// <summary>Both soak engines against the real simulator on 127.0.0.1:7070 (sandbox cargo, real scripts, real
/// HTTP).</summary>
[TestFixture, Parallelizable]
public sealed class SoakEngineTests
{
    [Test]
    public async Task Native_engine_keeps_its_schedule_under_a_slow_api()
    {
        using var sandbox = new SoakSandbox("slow=300");
        // At 2 s, not 1 s: a request's limit is the interval, and on a loaded machine 300 ms of fault plus the wait
        // for a core can pass 1 s (one sample lost fails the soak); the schedule is checked the same way.
        var result = await sandbox.RunAsync(sandbox.Settings(SoakEngineKind.Native, samples: 11, intervalSecs: 2));

        var samples = new SamplesJournal(Path.Combine(sandbox.EvidenceDir, SamplesJournal.FileName)).Load();
        Assert.That(samples, Has.Count.EqualTo(11));
        var span = (samples[^1].T - samples[0].T).TotalSeconds;
        Assert.That(span, Is.InRange(19.0, 21.0), "11 samples at 2 s must span 20 s ± 5 % from first to last");
        Assert.That(samples.Select(s => s.Status.LatencyMs), Has.All.GreaterThanOrEqualTo(290),
            "the slow fault must actually delay every answer");
        Assert.That(result.Verdict.Passed, result.Verdict.Summary);
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [Test]
    public async Task Native_engine_fails_a_hung_api_within_a_minute_naming_the_timeouts()
    {
        using var sandbox = new SoakSandbox("api-hang-after=4");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // The whole budget may be spent: this shows the consecutive-error limit on its own.
        var result = await sandbox.RunAsync(sandbox.Settings(SoakEngineKind.Native,
            samples: 30) with { ErrorBudget = 1 });

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMinutes(1)));
        Assert.That(result.Verdict.Passed, Is.False);
        Assert.That(result.Verdict.Summary,
            Does.Contain("timed out").And.Contain("consecutive samples could not be measured"));
        Assert.That(result.Verdict.Samples, Is.LessThan(10),
            "the soak stops once more than 3 consecutive samples are errors");
        Assert.That(result.Samples.Skip(1).Select(s => s.Outcome), Has.All.EqualTo(SampleOutcome.Error));
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [Test]
    public async Task Script_engine_is_stopped_by_its_deadline_when_the_api_hangs()
    {
        using var sandbox = new SoakSandbox("api-hang-after=4");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var settings = sandbox.Settings(SoakEngineKind.Script, samples: 3) with
        {
            BootTimeout = TimeSpan.FromSeconds(15), DeadlineGrace = TimeSpan.FromSeconds(2),
        };
        var result = await sandbox.RunAsync(settings);

        // deadline = 3 samples × 1 s + boot 15 s + grace 2 s; the script's own curl would wait 30 s per request.
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(40)));
        Assert.That(result.Verdict.Passed, Is.False);
        Assert.That(result.Verdict.Summary, Does.Contain("passed its deadline of 20 s"));
        Assert.That(result.RanToCompletion, Is.False);
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [TestCase(SoakEngineKind.Native)]
    [TestCase(SoakEngineKind.Script)]
    public async Task Stream_disruption_fails_the_soak_although_the_script_passes_it(SoakEngineKind engine)
    {
        using var sandbox = new SoakSandbox("stream-disruption");
        var result = await sandbox.RunAsync(sandbox.Settings(engine, samples: 2));

        Assert.That(result.Verdict.Passed, Is.False);
        Assert.That(result.Verdict.Summary, Does.Contain("stream disruption"));
        Assert.That(result.Verdict.StreamDisruptionObservations, Is.GreaterThan(0));
        var scriptSummary = Path.Combine(sandbox.OutDir, "summary.txt");
        var summary = File.ReadAllText(engine == SoakEngineKind.Script ? scriptSummary
            : Path.Combine(sandbox.EvidenceDir, "summary.txt"));
        if (engine == SoakEngineKind.Script)
        {
            Assert.That(summary, Does.Contain("verdict=PASS\n"), "the script ignores disruptions (D-SK3)");
            Assert.That(result.Verdict.ScriptVerdict, Is.EqualTo("PASS"));
            Assert.That(result.Verdict.Summary, Does.Contain("wrote verdict=PASS, which the build overrules"));
        }
        else
        {
            Assert.That(File.Exists(scriptSummary), Is.False, "only the script writes summary.txt in the soak folder");
            Assert.That(summary, Does.StartWith("VVTV Soak Summary\nverdict=FAIL\n"));
            Assert.That(summary, Does.Contain("sampled_by=native engine: sampled and judged by the build\n"));
            Assert.That(summary, Does.Contain("stream_disruptions_nonzero_observations=1\n"),
                "the native engine stops at the first failure");
        }
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty);
    }

    [Test]
    public async Task A_cancelled_native_soak_resumes_from_its_journal()
    {
        using var sandbox = new SoakSandbox();
        var settings = sandbox.Settings(SoakEngineKind.Native, samples: 8);
        var journal = new SamplesJournal(Path.Combine(sandbox.EvidenceDir, SamplesJournal.FileName));
        using (var cts = new CancellationTokenSource())
        {
            var first = sandbox.RunAsync(settings, cts.Token);
            while (!journal.Exists || journal.Load().Count < 3) await Task.Delay(100);
            cts.Cancel();
            Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>());
        }
        Assert.That(await Processes.SettleAsync(sandbox.Workspace), Is.Empty, "a cancelled soak stops its services");
        var before = journal.Load().Count;
        Assert.That(before, Is.InRange(3, 7));
        Assert.That(File.Exists(Path.Combine(sandbox.EvidenceDir, SoakVerdict.FileName)), Is.False);

        var result = await sandbox.RunAsync(settings);

        Assert.That(result.Resumed);
        Assert.That(result.Verdict.Passed, result.Verdict.Summary);
        Assert.That(result.Plan.Segments, Has.Count.EqualTo(2));
        Assert.That(result.Plan.Segments[1].FirstSample, Is.EqualTo(before));
        var samples = journal.Load();
        Assert.That(samples.Select(s => s.K), Is.EqualTo(Enumerable.Range(0, 8)));
        Assert.That(samples.Zip(samples.Skip(1)).All(p => p.First.T < p.Second.T));
        Assert.That(File.ReadAllLines(Path.Combine(sandbox.OutDir, SampleLogs.Status)), Has.Length.EqualTo(8),
            "the sample logs continue too");
    }
}
