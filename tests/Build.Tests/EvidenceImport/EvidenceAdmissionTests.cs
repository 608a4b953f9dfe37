using System.Text.RegularExpressions;
using Build.Tests.Release;
using Checklist;
using CliWrap;
using CliWrap.Buffered;

namespace Build.Tests.EvidenceImport;

/// <summary>
/// Adoption through --evidence-from with run folders made by the real EvidenceStore (a 24 h soak is too slow to make for real):
/// a fresh pass is adopted, and evidence of another commit, with a modified file, or older than the maximum age is refused with its cause.
/// </summary>
public sealed class EvidenceAdmissionTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private string _dir = "";
    private string Artifacts => Path.Combine(_dir, "artifacts");
    private string Import => Path.Combine(_dir, "downloaded");

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("vvtv-evidence-import-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    private EvidenceStore ThisRun() => EvidenceStore.Create(Artifacts, _dir, Commit);

    private EvidenceStore Earlier(string commit = Commit, TimeSpan? ago = null) =>
        EvidenceRuns.Finished(Import, commit, DateTimeOffset.UtcNow - (ago ?? TimeSpan.FromHours(2)));

    [Test]
    public void A_fresh_pass_is_adopted_instead_of_run_and_the_decision_uses_it()
    {
        var earlier = Earlier();
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, Import, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.True);
        Assert.That(sources.AdoptsPass("Test"), Is.True);
        sources.AdoptSkipped(new HashSet<string>());
        store.Record(GateSections.LiveAlertItem, ItemStatus.Pass, "no blocking alert", "Release", store.WriteText("Release", "alerts.json", "[]\n"));
        var decision = GoNoGo.Decide(store.Records, store.Findings, DateTimeOffset.UtcNow);

        Assert.That(decision.Go, Is.True, string.Join("\n", decision.Reasons));
        var soak = store.Records.Single(r => r.Id == "soak.verdict");
        Assert.That(soak.Reason, Does.StartWith($"adopted from run {earlier.RunId}"));
        Assert.That(sources.Sourced(decision).Single(i => i.Id == "soak.verdict").Run!.RunId, Is.EqualTo(earlier.RunId));
        Assert.That(File.Exists(Path.Combine(store.RunDir, "evidence", "adopted", earlier.RunId, "evidence", "Soak", "verdict.txt")));
    }

    [Test]
    public void Every_finished_run_lists_its_files_in_SHA256SUMS_that_sha256sum_accepts()
    {
        var run = Earlier();
        var sums = File.ReadAllText(Path.Combine(run.RunDir, EvidenceChecksums.FileName));
        Assert.That(sums, Does.Contain("  decision.json\n").And.Contain("  run.json\n").And.Contain("  evidence/Soak/verdict.txt\n"));
        var check = Cli.Wrap("sha256sum").WithArguments(["-c", "--strict", "--quiet", EvidenceChecksums.FileName]).WithWorkingDirectory(run.RunDir)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();
        Assert.That(check.ExitCode, Is.EqualTo(0), check.StandardOutput + check.StandardError);
        Assert.That(EvidenceChecksums.Problem(run.RunDir), Is.Null);
    }

    [Test]
    public void Evidence_of_another_commit_is_refused_naming_the_run_and_its_decision()
    {
        var foreign = Earlier(commit: "fedcba9876543210fedcba9876543210fedcba98");
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, foreign.RunDir, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.False, "the gate runs");
        var reason = Skipped(store, sources, "soak.verdict");
        Assert.That(reason, Does.Contain($"run {foreign.RunId} is evidence of another VVTV commit")
            .And.Contain(Path.Combine(foreign.RunDir, "decision.json")).And.Contain(Commit));
    }

    [Test]
    public void A_modified_evidence_file_is_refused_naming_the_file()
    {
        var earlier = Earlier();
        var summary = Path.Combine(earlier.RunDir, "evidence", "Soak", "verdict.txt");
        File.WriteAllText(summary, "soak.verdict: measured Pass (really)\n");
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, Import, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.False);
        var reason = Skipped(store, sources, "soak.verdict");
        Assert.That(reason, Does.Contain($"run {earlier.RunId} was tampered with: {summary} was modified after the run finished"));
        Assert.That(store.Records.Where(r => r.Reason.StartsWith("adopted")), Is.Empty, "no section of a tampered run is adopted");
    }

    [Test]
    public void A_file_added_to_a_finished_run_or_a_missing_SHA256SUMS_is_refused()
    {
        var earlier = Earlier();
        File.WriteAllText(Path.Combine(earlier.RunDir, "evidence", "Soak", "extra.txt"), "later\n");
        Assert.That(EvidenceChecksums.Problem(earlier.RunDir), Is.EqualTo("evidence/Soak/extra.txt was added after the run finished (it is not in SHA256SUMS)"));
        File.Delete(Path.Combine(earlier.RunDir, EvidenceChecksums.FileName));
        Assert.That(EvidenceChecksums.Problem(earlier.RunDir), Does.StartWith("SHA256SUMS is missing"));
    }

    [Test]
    public void Evidence_older_than_the_maximum_age_is_refused_by_its_recorded_times()
    {
        var earlier = Earlier();
        Age(earlier.RunDir, TimeSpan.FromDays(8));
        var store = ThisRun();
        var sources = EvidenceSources.Import(store, earlier.RunDir, Artifacts, Week);

        Assert.That(sources.AdoptsPass("Soak"), Is.False);
        var reason = Skipped(store, sources, "soak.verdict");
        Assert.That(reason, Does.Contain($"run {earlier.RunId} is too old: {Path.Combine(earlier.RunDir, "decision.json")} recorded soak.")
            .And.Contain("older than the maximum evidence age of 7d (--max-evidence-age)"));

        // A longer allowance admits the age, and the edit of the recorded times is then seen for what it is.
        var lenient = ThisRun();
        Assert.That(Skipped(lenient, EvidenceSources.Import(lenient, earlier.RunDir, Artifacts, TimeSpan.FromDays(30)), "soak.verdict"),
            Does.Contain("decision.json was modified after the run finished"));
    }

    [Test]
    public void Scanning_artifacts_runs_refuses_the_newest_run_and_never_falls_back_to_an_older_one()
    {
        EvidenceRuns.Finished(Artifacts, Commit, DateTimeOffset.UtcNow.AddHours(-3));
        var newest = EvidenceRuns.Finished(Artifacts, Commit, DateTimeOffset.UtcNow.AddHours(-1));
        File.AppendAllText(Path.Combine(newest.RunDir, "evidence", "Test", "cargo-test.txt"), "edited\n");
        var store = ThisRun();
        EvidenceSources.Scan(store, Artifacts, Week).AdoptSkipped(new HashSet<string>());

        var record = store.Records.Single(r => r.Id == "build.cargo-test");
        Assert.That(record.Status, Is.EqualTo(ItemStatus.Skipped));
        Assert.That(record.Reason, Does.Contain($"run {newest.RunId} was tampered with").And.Contain("evidence/Test/cargo-test.txt was modified"));
    }

    [TestCase("20261124T090000Z-abcdef", "there is no run 20261124T090000Z-abcdef in")]
    [TestCase(" ", "is empty")]
    [TestCase("/no/such/evidence", "is neither a folder nor the id of a run")]
    public void An_evidence_source_that_does_not_exist_is_named(string from, string problem)
    {
        var e = Assert.Throws<Engine.TargetFailedException>(() => EvidenceSources.Import(ThisRun(), from, Artifacts, Week));
        Assert.That(e!.Message, Does.Contain($"--evidence-from {from.Trim()}").And.Contain(problem));
    }

    [Test]
    public void A_folder_without_finished_runs_is_named()
    {
        Directory.CreateDirectory(Import);
        var e = Assert.Throws<Engine.TargetFailedException>(() => EvidenceSources.Import(ThisRun(), Import, Artifacts, Week));
        Assert.That(e!.Message, Does.Contain("holds no finished run"));
    }

    // What the Release target does for a section nobody ran here: adopt, or record it Skipped with the refusal.
    private static string Skipped(EvidenceStore store, EvidenceSources sources, string id)
    {
        sources.AdoptSkipped(new HashSet<string>());
        var record = store.Records.Single(r => r.Id == id);
        Assert.That(record.Status, Is.EqualTo(ItemStatus.Skipped), record.Reason);
        return record.Reason;
    }

    // Moves every recorded time of the run back; nothing is re-signed.
    internal static void Age(string runDir, TimeSpan by)
    {
        var path = Path.Combine(runDir, DecisionFile.JsonName);
        var text = Regex.Replace(File.ReadAllText(path), "\"(started_at|finished_at|at)\": \"([^\"]+)\"", m =>
            $"\"{m.Groups[1].Value}\": \"{DecisionFile.FormatTime(DateTimeOffset.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) - by)}\"");
        File.WriteAllText(path, text);
    }
}
