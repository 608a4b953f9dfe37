using Build.Tests.Vvtv;
using Checklist;
using global::Soak;

namespace Build.Tests.Soak;

/// <summary>A soak retried in a reopened run decides on its latest attempt (real EvidenceStore, real files).</summary>
public sealed class SoakRetryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 6, 20, 30, TimeSpan.Zero);

    [Test]
    public void A_soak_that_failed_then_passed_on_retry_decides_on_the_retry()
    {
        using var dir = new ScratchDir();
        var workspace = Directory.CreateDirectory(Path.Combine(dir.Path, "workspace")).FullName;
        var store = EvidenceStore.Create(Path.Combine(dir.Path, "artifacts"), workspace, "abc1234");
        Record(store, Attempt(store, healthy: false));
        store.Finish();
        Assert.That(store.Findings.Select(f => f.Target), Has.Member("Soak"), "the first attempt fails the soak");

        var reopened = EvidenceStore.Reopen(store.RunDir);
        Assert.That(reopened.Findings.Select(f => f.Target), Has.Member("Soak"),
            "reopening restores the first attempt");
        Record(reopened, Attempt(reopened, healthy: true));
        reopened.Finish();

        Assert.That(reopened.Findings.Where(f => f.Target == "Soak"), Is.Empty);
        Assert.That(reopened.Records.Single(r => r.Id == "soak.verdict").Status, Is.EqualTo(ItemStatus.Pass));
    }

    // As the Soak target records an attempt.
    private static void Record(EvidenceStore store, SoakResult result)
    {
        var items = ItemProver.NewAttempt(store, "Soak");
        SoakEvidence.Record(items, result);
    }

    // A finished 3-sample soak in the store's Soak folder: healthy, or with a high alert on every sample.
    private static SoakResult Attempt(EvidenceStore store, bool healthy)
    {
        const string metrics = "vvtv_buffer_minutes 60\nvvtv_plans_created 1\nvvtv_plans_committed 1\n"
            + "vvtv_qa_pass_rate 1\nvvtv_fallback_rate 0\nvvtv_curator_actions 0\nvvtv_stream_disruptions 0\n";
        const string status =
            "{\"buffer_minutes\":60,\"state\":\"RUNNING\",\"timestamp\":\"2026-11-24T06:20:30+00:00\"}";
        var alerts = healthy ? "{\"alerts\":[],\"count\":0}"
            : "{\"alerts\":[{\"code\":\"QA_PASS_RATE_LOW\",\"severity\":\"high\",\"message\":\"m\"}],\"count\":1}";
        var evidence = store.EvidenceDir("Soak");
        Directory.CreateDirectory(evidence);
        var settings = new SoakSettings { Engine = SoakEngineKind.Native, Schedule = SoakSchedule.Create(0, 1, 3) };
        var plan = SoakPlan.Start(settings, Path.Combine(evidence, "out"), T0);
        var journal = new SamplesJournal(Path.Combine(evidence, SamplesJournal.FileName));
        File.Delete(journal.Path);
        var tally = new SoakTally(settings);
        foreach (var k in Enumerable.Range(0, 3))
        {
            var sample = SampleJudge.Judge(k, T0.AddSeconds(k), Ok(status), Ok(metrics), Ok(alerts));
            journal.Append(sample);
            tally.Add(sample);
        }
        journal.Close();
        var verdict = SoakVerdict.Decide(plan, tally, [], TimeSpan.FromSeconds(3), scriptVerdict: null);
        return new SoakResult(verdict, plan, journal, evidence, Resumed: false);
    }

    private static EndpointResponse Ok(string body) => new(200, body, 1, null);
}
