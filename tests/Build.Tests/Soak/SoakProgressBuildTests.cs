using BuildTests.Gates;

namespace Build.Tests.Soak;

/// <summary>The soak's progress line on a non-interactive run of <c>./build.sh Soak</c> on the sandbox.</summary>
[TestFixture]
public sealed class SoakProgressBuildTests
{
    [Test]
    public async Task The_first_progress_line_counts_every_remaining_interval_in_its_ETA()
    {
        // The soak's API takes seconds to answer: an ETA measured from before it answered (the plan as first written)
        // was short by that boot time; on a checkout with VVTV's script it said 0m01s with 12 s still to go.
        var run = await BuildShRun.RunAsync(new Dictionary<string, string?>
        {
            ["VVTV_SIM_FAULTS"] = null, ["VVTV_ROOT"] = null, ["NUKE_VVTV_ROOT"] = null,
        }, TimeSpan.FromMinutes(5), "Soak", "--skip", "--soak-max-samples", "3", "--soak-interval-secs", "2",
            "--soak-request-timeout-secs", "2");

        Assert.That(run.ExitCode, Is.EqualTo(0), BuildShRun.Tail(run.Output));
        var first = run.Output.Split('\n').First(l => l.Contains("Soak 1/3 samples"));
        Assert.That(first, Does.Contain("ETA 0m04s"), "two samples 2 s apart are still to come");
    }
}
