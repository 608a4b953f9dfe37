using Checklist;
using Publishing;

namespace Build.Tests.Release;

/// <summary>Go/No-Go over adopted evidence and the bundle it gives, with real run folders (no build process, no
/// API).</summary>
public sealed class ReleaseEvidenceTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NothingRanHere = [];
    private string _dir = "";
    private string Artifacts => Path.Combine(_dir, "artifacts");

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("vvtv-release-evidence-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void EachSkippedSectionComesFromTheNewestRunOfTheSameCommitThatRanIt()
    {
        var old = EvidenceRuns.Finished(Artifacts, Commit, T0);
        var soakOnly = EvidenceStore.Create(Artifacts, _dir, Commit, new EvidenceRuns.FixedClock(T0.AddMinutes(1)));
        soakOnly.Record("soak.verdict", ItemStatus.Fail, "verdict=FAIL: 2 failed status requests", "Soak",
            soakOnly.WriteText("Soak", "summary.txt", "verdict=FAIL\n"));
        soakOnly.Finish();
        EvidenceRuns.Finished(Artifacts, "another-commit", T0.AddMinutes(2));

        var release = EvidenceStore.Create(Artifacts, _dir, Commit, new EvidenceRuns.FixedClock(T0.AddMinutes(3)));
        var sources = EvidenceSources.Scan(release, Artifacts, EvidenceSources.DefaultMaxAge)
            .AdoptSkipped(NothingRanHere);
        var decision = GoNoGo.Decide(release.Records, release.Findings, T0.AddMinutes(3));
        var items = sources.Sourced(decision);

        Assert.That(decision.Go, Is.False);
        Assert.That(decision.Reasons,
            Has.Some.Contains("soak.verdict: Fail").And.Some.Contains($"adopted from run {soakOnly.RunId}"));
        Assert.That(items.Single(i => i.Id == "soak.verdict").Run!.RunId, Is.EqualTo(soakOnly.RunId),
            "a newer failure is not hidden behind an older pass");
        Assert.That(items.Single(i => i.Id == "build.cargo-test").Run!.RunId, Is.EqualTo(old.RunId));
        Assert.That(items.Single(i => i.Id == "build.cargo-test").Reason, Does.Not.StartWith("adopted"),
            "the bundle shows the proving run's own reason");
        Assert.That(File.Exists(Path.Combine(release.RunDir, "evidence", "adopted", old.RunId, "evidence", "Test",
            "cargo-test.txt")), "adopted files are copied into the run");
    }

    [Test]
    public void ThePlansPreviewNamesTheRunsAdoptSkippedThenAdoptsAndRecordsNothing()
    {
        var old = EvidenceRuns.Finished(Artifacts, Commit, T0);
        var clock = new EvidenceRuns.FixedClock(T0.AddMinutes(1));
        var before = Directory.GetFileSystemEntries(Artifacts, "*", SearchOption.AllDirectories).Order().ToList();

        var notes = EvidenceSources.Preview(Commit, null, Artifacts, null, EvidenceSources.DefaultMaxAge, null, clock)
            .Preview(new HashSet<string> { "Security", GateSections.ReleaseTarget });

        Assert.That(Directory.GetFileSystemEntries(Artifacts, "*", SearchOption.AllDirectories).Order(),
            Is.EqualTo(before), "a preview writes nothing");
        Assert.That(notes["Test"], Does.StartWith($"adopts the evidence of run {old.RunId} "));
        Assert.That(notes.ContainsKey("Security"), Is.False, "a gate that runs here adopts nothing");
        var other = EvidenceSources.Preview("another-commit", null, Artifacts, null, EvidenceSources.DefaultMaxAge,
            null,
                clock)
            .Preview(new HashSet<string> { GateSections.ReleaseTarget });
        Assert.That(other["Soak"], Does.StartWith("adopts nothing: no earlier run of VVTV another-commit"));
        var release = EvidenceStore.Create(Artifacts, _dir, Commit, new EvidenceRuns.FixedClock(T0.AddMinutes(1)));
        var sources = EvidenceSources.Scan(release, Artifacts, EvidenceSources.DefaultMaxAge)
            .AdoptSkipped(new HashSet<string> { "Security" });
        var decision = GoNoGo.Decide(release.Records, release.Findings, T0.AddMinutes(1));
        Assert.That(sources.Sourced(decision).Single(i => i.Id == "build.cargo-test").Run!.RunId,
            Is.EqualTo(old.RunId), "the run adopts from the run its plan named");
    }

    [Test]
    public void WithoutAnyEarlierRunEverySkippedGateIsNoGoWithItsReason()
    {
        EvidenceRuns.Finished(Artifacts, "another-commit", T0);
        var release = EvidenceStore.Create(Artifacts, _dir, Commit, new EvidenceRuns.FixedClock(T0.AddMinutes(1)));
        EvidenceSources.Scan(release, Artifacts, EvidenceSources.DefaultMaxAge)
            .AdoptSkipped(new HashSet<string> { "Test", "Security", "GoLive", "Runbook", "Canary", "Promote",
                "CloudflareVerify" });
        var decision = GoNoGo.Decide(release.Records, release.Findings, T0);
        Assert.That(decision.Go, Is.False);
        Assert.That(decision.Reasons,
            Has.Some.Contains("soak.verdict: Skipped — Soak was skipped and no earlier run of VVTV " + Commit));
        Assert.That(decision.Reasons, Has.None.Contains("build.cargo-test: Skipped — Test was skipped"),
            "a gate that ran here is never replaced");
    }

    [Test]
    public void TheProvingRunAndEveryLaterReleaseOfItsEvidenceBuildTheSameBytes()
    {
        var proving = EvidenceRuns.Recorded(Artifacts, Commit, T0);
        var first = Bundle(proving, new HashSet<string> { "GoLive", "Test", "Security", "Runbook", "Soak", "Canary",
            "Promote", "CloudflareVerify" }, "a");
        proving.Finish();

        var later = EvidenceStore.Create(Artifacts, _dir, Commit, new EvidenceRuns.FixedClock(T0.AddHours(1)));
        var second = Bundle(later, NothingRanHere, "b");
        later.Finish();
        var third = Bundle(EvidenceStore.Create(Artifacts, _dir, Commit, new EvidenceRuns.FixedClock(T0.AddHours(2))),
            NothingRanHere, "c");

        foreach (var other in new[] { second, third })
        {
            Assert.That(Files(other), Is.EqualTo(Files(first)));
            foreach (var f in Files(first))
                Assert.That(File.ReadAllBytes(Path.Combine(other.Directory, f)),
                    Is.EqualTo(File.ReadAllBytes(Path.Combine(first.Directory, f))), f);
        }
        var metadata = File.ReadAllText(Path.Combine(first.Directory, "metadata.json"));
        Assert.That(metadata,
            Does.Contain(proving.RunId).And.Contain("\"SoakMaxSamples\": \"3\"").And.Not.Contain(later.RunId));
        var report = File.ReadAllText(Path.Combine(first.Directory, "report.html"));
        Assert.That(report,
            Does.Contain("buffer minutes per sample").And.Contain("<h2>Timeline</h2>").And.Contain("1m 01s"));
        Assert.That(Files(first),
            Does.Contain("evidence/soak/Soak/verdict.txt").And.Contain("evidence/soak/Soak/buffer-chart.svg")
            .And.Contain("evidence/gonogo/Release/alerts-at-decision.json"));
    }

    // What the Release target does, minus the API: adopt, record the live check, decide, bundle.
    private BundleResult Bundle(EvidenceStore store, IReadOnlySet<string> ranHere, string name)
    {
        var sources = EvidenceSources.Scan(store, Artifacts, EvidenceSources.DefaultMaxAge).AdoptSkipped(ranHere);
        store.Record(GateSections.LiveAlertItem, ItemStatus.Pass,
            "GET /v1/alerts at decision time: no high or critical alert active", "Release",
            store.WriteText("Release", "alerts-at-decision.json", "{\"blocking\": []}\n"));
        var decision = GoNoGo.Decide(store.Records, store.Findings, DateTimeOffset.UtcNow);
        Assert.That(decision.Go, Is.True, string.Join("\n", decision.Reasons));
        var input = ReleaseBundleInput.Create("1.0.0", Commit, "GO", [], sources.Sourced(decision), store.RunDir);
        return BundleBuilder.Build(input, Path.Combine(_dir, name));
    }

    private static List<string> Files(BundleResult b) =>
        Directory.GetFiles(b.Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(b.Directory, f).Replace('\\', '/')).Order(StringComparer.Ordinal)
                .ToList();
}
