using System.Text.RegularExpressions;
using Checklist;
using Tests.Shared;

namespace Build.Tests.FaultMatrix;

/// <summary>
/// The fault matrix, end to end on ./build.sh: every sandbox fault and every kill point, each with the fewest targets
/// that meet it, then Release with a token for a fake GitHub. Each row must end NO-GO naming its cause and failing
/// item, and leave no process, nothing on port 7070, emergency mode off, and nothing bundled or published.
/// </summary>
[TestFixture, Parallelizable(ParallelScope.All)]
public sealed partial class FaultMatrixTests
{
    // A soak stops at its first failed sample; two samples keep a fault that fires at once short.
    private static readonly string[] ShortSoak = ["--soak-max-samples", "2", "--soak-interval-secs", "1"];
    // Long enough that only the kill point can end it early.
    private static readonly string[] LongSoak = ["--soak-max-samples", "60", "--soak-interval-secs", "1"];
    // Every sample may go unmeasured as far as the error budget goes (the other limits still apply).
    private static readonly string[] AnyErrors = ["--soak-error-budget", "1"];
    private static readonly string[] LongSoakOf5 = ["--soak-max-samples", "5", "--soak-interval-secs", "1"];
    private static readonly string[] ZeroSampleScriptSoak =
        ["--soak-hours", "0", "--soak-max-samples", "2", "--soak-interval-secs", "1"];

    // Each row: the fault, the targets, the cause named in decision.json, the failing item.
    private static readonly FaultRow[] SandboxFaults =
    [
        new("test-failure", ["Test"], "cargo-test exited 101", "build.cargo-test"),
        new("no-commit-window", ["Test"], "logged no commit-window-complete", "build.orchestrator-commit-window"),
        new("bad-signature", ["Security"], "No-Go (auth failure)", "security.signed-request-auth"),
        new("backup-corrupt", ["Runbook"], "does not match manifest", "runbook.backup-metadata"),
        // D-R12: every backup names one folder, so the secure backup empties the plain one's.
        new("backup-clock=1767225600", ["Runbook"], "deleted its files (D-R12)", "runbook.backup-metadata-secure"),
        new("buffer-critical", ["Soak", .. ShortSoak], "No-Go (buffer below critical threshold)", "soak.verdict"),
        new("stream-disruption", ["Soak", .. ShortSoak], "No-Go (stream continuity regression)", "soak.verdict"),
        new("high-alert", ["Soak", .. ShortSoak], "No-Go (active critical/high alert)", "soak.verdict"),
        // The error budget (strict by default) would stop these soaks at their first unmeasured sample; opened so
        // the rows still show the rule each was written for.
        new("slow=1500", ["Soak", .. ShortSoak, .. AnyErrors], "none of the 2 samples could be measured",
            "soak.verdict"),
        new("api-hang-after=5", ["Soak", "--soak-max-samples", "6", .. AnyErrors],
            "consecutive samples could not be measured", "soak.verdict"),
        new("api-down-after=1", [], "No-Go (active critical/high alert)", "gonogo.no-critical-high-alerts"),
        new("sync-fail", ["CloudflareVerify"], "cloudflare-daily-sync-failed", "cloudflare.latest-reports"),
    ];

    private static readonly FaultRow[] KillPoints =
    [
        new("Ctrl-C during the soak", ["Soak", .. LongSoak], "interrupted", "soak.run")
            { During = async b => { await b.WaitForSoakSamplesAsync(2); await b.InterruptAsync(); } },
        new("control API killed mid-soak", ["Soak", .. LongSoak], "No-Go (soak failure)", "soak.verdict")
            { During = async b => { await b.WaitForSoakSamplesAsync(2); b.KillControlApi(); } },
        new("phase 1 script past its step timeout", ["GoLive", "--step-timeout-secs", "5"],
            "phase1-go-live did not finish within 5 s", "golive.gate")
            { EditCheckout = HangPhase1 },
    ];

    // Rows that meet one of VVTV's script defects (docs/vvtv-defects.md): the faithful flavour reproduces it, so
    // only the build's guard stands between it and a GO.
    private static readonly FaultRow[] DefectRows =
    [
        // D-C1: the canary's promote step is blocked by the alert, strict mode exits 1, result.env still says PASS.
        new("high-alert", ["Canary"], "a stale result (D-C1)", "canary.status"),
        // D-PR2: promote reads a 500 error body as "no alert"; the build's own /v1/alerts read requires HTTP 200.
        // Promote alone: with Canary first, the canary's soak already fails on the error bodies and Promote never runs.
        new("api-error-every=2", ["Promote"], "GET /v1/alerts before promotion answered HTTP 500",
            "promote.alerts-endpoint"),
        // D-SK4: a soak script that takes no sample still writes verdict=PASS.
        new("soak script that takes no sample", ["Soak", "--soak-engine", "script", .. ZeroSampleScriptSoak],
                                                                            "only 0 of the 2 samples",
                                                                                "soak.verdict")
            { EditCheckout = SkipEverySoakSample },
    ];

    // The soak's own judgement (issue 15 item 3): an error budget, metrics that must advance, a live orchestrator.
    private static readonly FaultRow[] SoakJudgementFaults =
    [
        new("api-error-every=2", ["Soak", .. ShortSoak], "could not be measured", "soak.verdict"),
        new("metrics-freeze-after=1", ["Soak", .. LongSoakOf5, "--soak-stale-metrics-secs", "2"], "stale metrics",
            "soak.verdict"),
        new("orchestrator-exit-after=1", ["Soak", .. LongSoakOf5], "orchestrator", "soak.verdict"),
    ];

    /// <summary>Both sandbox flavours: every row must end NO-GO whether or not the scripts keep the defects.</summary>
    private static readonly string[] Flavours = ["faithful", "fixed"];

    public static IEnumerable<TestCaseData> SandboxFaultRows() =>
        SandboxFaults.Concat(SoakJudgementFaults).SelectMany(r => Flavours.Select(r.Case));

    public static IEnumerable<TestCaseData> KillPointRows() => KillPoints.SelectMany(r => Flavours.Select(r.Case));

    public static IEnumerable<TestCaseData> DefectRowCases() => DefectRows.SelectMany(r => Flavours.Select(r.Case));

    [TestCaseSource(nameof(SandboxFaultRows))]
    public Task A_sandbox_fault_ends_NO_GO_naming_its_cause_and_leaves_nothing_behind(FaultRow row, string flavour) =>
        RunRowAsync(row, flavour);

    [TestCaseSource(nameof(KillPointRows))]
    public Task A_kill_point_ends_NO_GO_naming_its_cause_and_leaves_nothing_behind(FaultRow row, string flavour) =>
        RunRowAsync(row, flavour);

    [TestCaseSource(nameof(DefectRowCases))]
    public Task A_script_defect_ends_NO_GO_through_the_builds_guard_and_leaves_nothing_behind(
        FaultRow row, string flavour) => RunRowAsync(row, flavour);

    [Test]
    public void Every_fault_the_sandbox_documents_has_a_row()
    {
        var documented = FaultTableRow().Matches(File.ReadAllText(Repository.PathOf("sandbox", "README.md")))
            .Select(m => m.Groups[1].Value).ToList();
        Assert.That(documented, Has.Count.GreaterThanOrEqualTo(11),
            "the fault table of sandbox/README.md was not found");
        Assert.That(SandboxFaults.Concat(SoakJudgementFaults).Select(r => r.Fault.Split('=')[0]),
            Is.EquivalentTo(documented));
    }

    private static async Task RunRowAsync(FaultRow row, string flavour)
    {
        using var build = new FaultBuild();
        var outcome = await build.RunAsync(row, flavour);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.EqualTo(0), outcome.Tail);
            Assert.That(outcome.Decision.Decision, Is.EqualTo("NO-GO"));
            Assert.That(outcome.Decision.Reasons, Has.Some.Contains(row.Cause),
                string.Join("\n", outcome.Decision.Reasons));
            Assert.That(outcome.Item(row.FailingItem).Status, Is.EqualTo(ItemStatus.Fail),
                outcome.Item(row.FailingItem).Reason);
            Assert.That(outcome.Decision.Reasons, Has.Some.StartsWith($"{row.FailingItem}: Fail"),
                string.Join("\n", outcome.Decision.Reasons));
        });
        await build.AssertNothingLeftAsync(outcome);
    }

    // A wedged phase 1: it starts its control API, then hangs with SIGTERM ignored, so only the timeout's kill of the
    // whole group ends it.
    private static void HangPhase1(string checkout)
    {
        var script = Path.Combine(checkout, "scripts", "vvtv-phase1-go-live.sh");
        var text = File.ReadAllText(script);
        const string After = "cd \"$R\"\n";
        Assert.That(text, Does.Contain(After), "the phase 1 script changed shape; adjust the hang");
        File.WriteAllText(script, text.Replace(After, After + """
            cargo run -q -p vvtv-control-api >"$OUT_DIR/control-api.log" 2>&1 &
            API_PID=$!
            vvtv_wait_for_api "$API_URL" 30 "$API_PID"
            trap '' TERM
            sleep 600
            """ + "\n"));
    }

    // D-SK4: the checkout's soak script skips its sampling loop, then writes its summary: verdict=PASS, samples=0.
    private static void SkipEverySoakSample(string checkout)
    {
        var script = Path.Combine(checkout, "scripts", "vvtv-soak.sh");
        var text = File.ReadAllText(script);
        const string Loop = "while :; do\n";
        Assert.That(text, Does.Contain(Loop), "the soak script changed shape; adjust the edit");
        File.WriteAllText(script, text.Replace(Loop, "while false; do\n"));
    }

    [GeneratedRegex(@"(?m)^\| `([a-z-]+)(?:=[A-Z]+)?` \|")]
    private static partial Regex FaultTableRow();
}
