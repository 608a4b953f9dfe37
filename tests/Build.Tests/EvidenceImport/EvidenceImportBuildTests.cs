using System.Text.RegularExpressions;
using Build.Tests.Release;
using Checklist;
using CliWrap.Buffered;

namespace Build.Tests.EvidenceImport;

/// <summary>
/// ./build.sh with --evidence-from on a sandbox root of its own: a real ./build.sh Security run and a full evidence run
/// are adopted instead of run and the Release decides GO on them; a modified file makes the gate run again; old and
/// foreign evidence end NO-GO naming the cause.
/// </summary>
[Parallelizable]
public sealed partial class EvidenceImportBuildTests
{
    private ReleaseRoot _root = null!;
    private string _testRun = "";
    private string _allGates = "";
    private string _scratch = "";
    private BufferedCommandResult _testAndSecurity = null!;
    private DecisionDocument? _midRun;
    private string? _midRunDir;
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _root = new ReleaseRoot();
        _scratch = Directory.CreateTempSubdirectory("vvtv-evidence-import-e2e-").FullName;
        // Older than the real run, so the Test section comes from the real run and every other one from this.
        _allGates = EvidenceRuns.Finished(_root.Artifacts, _root.Commit, DateTimeOffset.UtcNow.AddMinutes(-30)).RunDir;
        // One real run of Test and Security, watched while it runs: its checkpoint after Test is what
        // A_run_leaves_its_signed_decision_after_each_target... reads, its Test evidence what the others adopt.
        var build = Build("Security");
        while (!build.IsCompleted)
        {
            await Task.WhenAny(build, Task.Delay(100));
            var runs = Path.Combine(_root.Artifacts, "runs");
            var dir = Directory.GetDirectories(runs)
                .FirstOrDefault(d => d != _allGates && File.Exists(Path.Combine(d, DecisionFile.JsonName)));
            if (build.IsCompleted || dir is null || _midRun is not null) continue;
            // The run's last decision is written before the build exits too: only one taken while Security still had
            // items to prove is a checkpoint.
            var seen = DecisionFile.Load(Path.Combine(dir, DecisionFile.JsonName));
            if (seen.Items.Any(i => i.Id.StartsWith("security.", StringComparison.Ordinal)
                    && i.Status != ItemStatus.Pass))
                (_midRun, _midRunDir) = (seen, dir);
        }
        _testAndSecurity = await build;
        Assert.That(_testAndSecurity.ExitCode, Is.EqualTo(0), Output(_testAndSecurity));
        _testRun = RunDirOf(_testAndSecurity);
        Assert.That(DecisionFile.Load(Path.Combine(_testRun, DecisionFile.JsonName)).Items.Single(i =>
            i.Id == "build.cargo-test").Status, Is.EqualTo(ItemStatus.Pass));
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _root.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }

    [Test]
    public async Task Release_adopts_fresh_passes_instead_of_running_the_gates_and_decides_go_on_them()
    {
        var result = await Build("Release", "--evidence-from", _root.Artifacts);
        var output = Output(result);
        Assert.That(result.ExitCode, Is.EqualTo(0), output);
        // The Test section comes from the newest real ./build.sh run of Test (another test of this root may have run it
        // again).
        var allGatesId = Path.GetFileName(_allGates);
        var testFrom = TestAdoptedFrom().Match(output);
        Assert.That(testFrom.Success, output);
        Assert.That(testFrom.Groups[1].Value, Is.Not.EqualTo(allGatesId));
        Assert.That(string.CompareOrdinal(testFrom.Groups[1].Value, Path.GetFileName(_testRun)),
            Is.GreaterThanOrEqualTo(0), "not an older run");
        Assert.That(output, Does.Contain($"Soak not run here: adopted its evidence from run {allGatesId}"));
        Assert.That(output, Does.Not.Contain("═══ Soak ═══").And.Not.Contain("═══ Test ═══"), "no gate ran");
        Assert.That(output, Does.Contain("GO for VVTV"));

        var decision = DecisionFile.Load(Path.Combine(RunDirOf(result), DecisionFile.JsonName));
        Assert.That(decision.Decision, Is.EqualTo("GO"));
        Assert.That(decision.Items.Single(i => i.Id == "build.cargo-test").Reason,
            Does.StartWith($"adopted from run {testFrom.Groups[1].Value}"));
        Assert.That(decision.Items.Single(i => i.Id == "soak.verdict").Reason,
            Does.StartWith($"adopted from run {allGatesId}"));
        Assert.That(EvidenceChecksums.Problem(RunDirOf(result)), Is.Null, "the adopting run signs what it adopted too");
    }

    [Test]
    public async Task The_plan_of_Release_skip_names_the_run_each_skipped_gate_adopts_from_and_starts_nothing()
    {
        var runs = Directory.GetDirectories(Path.Combine(_root.Artifacts, "runs")).Order().ToList();
        var result = await Build("Release", "--skip", "--plan");
        var output = Output(result);
        Assert.That(result.ExitCode, Is.EqualTo(0), output);
        Assert.That(Directory.GetDirectories(Path.Combine(_root.Artifacts, "runs")).Order(), Is.EqualTo(runs),
            "--plan starts no run");
        Assert.That(output, Does.Not.Contain("═══"), "no target ran");
        var test = PlannedTestFrom().Match(output);
        Assert.That(test.Success, output);
        Assert.That(string.CompareOrdinal(test.Groups[1].Value, Path.GetFileName(_testRun)), Is.GreaterThanOrEqualTo(0),
            "the real ./build.sh Test run (or a newer one), not an older run");
        Assert.That(output, Does.Contain($"Soak (dependency; skipped by --skip)\n      adopts the evidence of run " +
                                         $"{Path.GetFileName(_allGates)} ("));
        Assert.That(output, Does.Contain("Release (invoked)\n"));
        Assert.That(LongLines(result.StandardOutput), Is.Empty, "piped, the plan fits in 100 columns as help does");
    }

    [Test]
    public async Task The_plan_with_continue_fits_in_100_columns_when_piped()
    {
        var result = await Build("Release", "--skip", "--continue", "--plan");
        Assert.That(result.ExitCode, Is.EqualTo(0), Output(result));
        Assert.That(result.StandardOutput, Does.Contain("adopts the evidence of run"), "the notes are there");
        Assert.That(LongLines(result.StandardOutput), Is.Empty);
    }

    private static List<string> LongLines(string output) => output.Split('\n').Where(l => l.Length > 100).ToList();

    [Test]
    public async Task A_modified_evidence_file_is_refused_naming_it_and_the_gate_runs_again()
    {
        var copy = CopyRun(_testRun);
        File.AppendAllText(Path.Combine(copy, "evidence", "Test", "cargo-test.log"), "test result: ok. 999 passed\n");
        var result = await Build("Test", "--evidence-from", copy);
        var output = Output(result);
        Assert.That(output,
            Does.Contain($"run {Path.GetFileName(copy)} was tampered with: {copy}/evidence/Test/cargo-test.log was " +
                $"modified after the run finished"));
        Assert.That(output, Does.Contain("═══ Test ═══"), "the refused gate runs");
        var decision = DecisionFile.Load(Path.Combine(RunDirOf(result), DecisionFile.JsonName));
        Assert.That(decision.Items.Single(i => i.Id == "build.cargo-test").Reason, Does.Not.StartWith("adopted"));
    }

    [Test]
    public async Task Evidence_older_than_max_evidence_age_is_refused_and_the_release_is_no_go()
    {
        var copy = CopyRun(_allGates);
        EvidenceAdmissionTests.Age(copy, TimeSpan.FromHours(40));
        var result = await Build("Release", "--skip", "--evidence-from", copy, "--max-evidence-age", "36h");
        var output = Output(result);
        Assert.That(result.ExitCode, Is.EqualTo(1), output);
        Assert.That(output,
            Does.Contain("NO-GO").And.Contain($"run {Path.GetFileName(copy)} is too old: {copy}/decision.json recorded")
            .And.Contain("older than the maximum evidence age of 1d 12h (--max-evidence-age)"));
    }

    [Test]
    public async Task Evidence_of_another_commit_is_refused_and_the_release_is_no_go()
    {
        var foreign = EvidenceRuns.Finished(Path.Combine(_scratch, "foreign"),
            "fedcba9876543210fedcba9876543210fedcba98", DateTimeOffset.UtcNow.AddMinutes(-5));
        var result = await Build("Release", "--skip", "--evidence-from", foreign.RunDir);
        var output = Output(result);
        Assert.That(result.ExitCode, Is.EqualTo(1), output);
        Assert.That(output,
            Does.Contain($"run {foreign.RunId} is evidence of another VVTV commit: {foreign.RunDir}/decision.json " +
                $"proved 'fedcba9876543210fedcba9876543210fedcba98'"));
    }

    [Test]
    public void A_run_leaves_its_signed_decision_after_each_target_so_a_crash_later_keeps_what_it_proved()
    {
        Assert.That(_testAndSecurity.ExitCode, Is.EqualTo(0), Output(_testAndSecurity));
        Assert.That(_midRun, Is.Not.Null, "decision.json appeared only once Security had ended");
        Assert.That(_midRunDir, Is.EqualTo(_testRun), "the checkpoint is the run's own");
        Assert.That(_midRun!.Items.Single(i => i.Id == "build.cargo-test").Status, Is.EqualTo(ItemStatus.Pass),
            "Test's checkpoint holds its pass");
        Assert.That(File.Exists(Path.Combine(_midRunDir!, EvidenceChecksums.FileName)), "the checkpoint is signed");
    }

    private async Task<BufferedCommandResult> Build(params string[] args) =>
        await _root.BuildAsync(NoEnvironment, args);

    private static string Output(BufferedCommandResult r) => r.StandardOutput + r.StandardError;

    private static string RunDirOf(BufferedCommandResult r) =>
        Path.GetDirectoryName(DecisionLine().Matches(Output(r)).LastOrDefault()?.Groups[1].Value
                              ?? throw new AssertionException("no decision written:\n" + Output(r)))!;

    // As a download leaves a run: its record and evidence, not the sandbox copy it ran in.
    private string CopyRun(string runDir)
    {
        var copy = Path.Combine(_scratch, Guid.NewGuid().ToString("N")[..8], Path.GetFileName(runDir));
        foreach (var file in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(runDir, file);
            if (rel.StartsWith("workspace" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, rel))!);
            File.Copy(file, Path.Combine(copy, rel));
        }
        return copy;
    }

    [GeneratedRegex(@"Test \(dependency; skipped by --skip\)\n      adopts the evidence of run (\S+) ")]
    private static partial Regex PlannedTestFrom();

    [GeneratedRegex(@"Test not run here: adopted its evidence from run (\S+)")]
    private static partial Regex TestAdoptedFrom();

    [GeneratedRegex(@"Decision (?:GO|NO-GO) written to (\S+decision\.json)")]
    private static partial Regex DecisionLine();
}
