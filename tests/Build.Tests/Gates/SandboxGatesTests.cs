using Checklist;
using NUnit.Framework;

namespace BuildTests.Gates;

/// <summary>
/// End to end: ./build.sh through every gate up to Promote on a fresh sandbox copy, healthy and under each No-Go fault.
/// </summary>
[TestFixture, Parallelizable]
public class SandboxGatesTests
{
    private static readonly string[] GatePrefixes =
        ["golive.", "build.", "security.", "runbook.", "canary.", "promote."];

    // Soak is proved by its own target and tests; skipping it keeps this run short while every other gate runs.
    private static readonly string[] UpToPromote = ["Runbook", "Promote", "--skip", "Soak"];

    [Test]
    public async Task Promote_passes_with_every_gate_item_proved_by_existing_evidence()
    {
        // On the faithful flavour (the default) this exercises the Runbook's guards: D-R6 (restore-metadata-secure
        // passes only because the gate backs up after the rotations, so the backup's key is current) and D-R15 (the
        // aged probe key proves pruning).
        var run = await BuildShRun.RunAsync(Environment(), TimeSpan.FromMinutes(8), UpToPromote);
        Assert.That(run.ExitCode, Is.EqualTo(0), BuildShRun.Tail(run.Output));
        var gateItems = run.Decision.Items.Where(i => GatePrefixes.Any(i.Id.StartsWith)).ToList();
        Assert.That(gateItems, Has.Count.EqualTo(ChecklistItems.All.Count(i => GatePrefixes.Any(i.Id.StartsWith))));
        Assert.Multiple(() =>
        {
            foreach (var item in gateItems)
            {
                Assert.That(item.Status, Is.EqualTo(ItemStatus.Pass), $"{item.Id}: {item.Reason}");
                Assert.That(item.Evidence, Is.Not.Empty, $"{item.Id} has no evidence");
                foreach (var e in item.Evidence)
                    Assert.That(File.Exists(Path.Combine(run.RunDir, e)), Is.True,
                        $"{item.Id}: evidence {e} does not exist");
            }
        });
        Assert.That(run.Item("soak.verdict").Status, Is.Not.EqualTo(ItemStatus.Pass),
            "the soak was skipped, so it is not proved");
        // The build's children run in the tests' midday zone (ChildProcessClock), whatever the hour: no nightly of
        // its own in the Test gate's run-once.
        Assert.That(File.ReadAllText(Path.Combine(run.RunDir, "evidence", "Test", "orchestrator-run-once.log")),
            Does.Not.Contain("nightly-job-complete"));
        Assert.That(run.Decision.Go, Is.False);
        Assert.That(run.ListenerAfter, Is.Null, $"something still listens on 7070: {run.ListenerAfter}");
        // Every step that changed the workspace is listed with what it changed (issue 16 item 6).
        var changes = run.Decision.LiveChanges.Select(c => c.Step).ToList();
        Assert.That(changes, Does.Contain("runbook-backup-key-rotate").And.Contain("runbook-backup-key-prune")
            .And.Contain("runbook-restore-metadata").And.Contain("runbook-restore-metadata-secure")
            .And.Contain("runbook-emergency-on").And.Contain("runbook-emergency-off")
            .And.Contain("runbook-force-nightly"),
            string.Join("\n", run.Decision.LiveChanges));
        Assert.That(File.ReadAllText(Path.Combine(run.RunDir, "decision.md")),
            Does.Contain("## Changes made to the live workspace").And.Contain("archived key(s) from")
                .And.Contain("prune-probe-"));
        // The sandbox copy lives in the run folder, outside evidence/, and secrets never reach the evidence.
        Assert.That(Directory.Exists(Path.Combine(run.RunDir, "workspace", "scripts")), Is.True);
        var evidenceText = string.Concat(Directory.GetFiles(Path.Combine(run.RunDir, "evidence"), "*",
            SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.That(evidenceText, Does.Not.Match("(tok|sec|cft|cfs)_[0-9a-f]{48}"),
            "a generated secret reached the evidence");
    }

    [TestCase("stream-disruption", "stream")]
    [TestCase("high-alert", "alert")]
    [TestCase("bad-signature", "auth")]
    [TestCase("buffer-critical", "buffer")]
    public async Task A_fault_ends_the_run_with_NO_GO_naming_its_cause_and_a_free_port(string fault, string cause)
    {
        var run = await BuildShRun.RunAsync(Environment(fault), TimeSpan.FromMinutes(5), UpToPromote);
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), BuildShRun.Tail(run.Output));
        Assert.That(run.Decision.Decision, Is.EqualTo("NO-GO"));
        Assert.That(run.Decision.Reasons.Where(r => r.StartsWith("No-Go (")), Has.Some.Contains(cause),
            string.Join("\n", run.Decision.Reasons));
        Assert.That(run.ListenerAfter, Is.Null, $"something still listens on 7070: {run.ListenerAfter}");
    }

    private static Dictionary<string, string?> Environment(string? faults = null) => new()
    {
        ["VVTV_SIM_FAULTS"] = faults,
        // A real checkout's variables on the tester's machine must not leak into the sandbox run.
        ["VVTV_ROOT"] = null,
        ["NUKE_VVTV_ROOT"] = null,
    };
}
