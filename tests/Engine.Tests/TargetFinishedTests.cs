using Engine;

namespace EngineTests;

/// <summary>OnTargetFinished: called after each target that ran, failed ones and assured ones included, never for one
/// that did not run.</summary>
public sealed class TargetFinishedTests
{
    private sealed class WatchedBuild : FailureBuild
    {
        protected internal override void OnTargetFinished(TargetResult target) =>
            TestRun.Executed.Add($"finished {target.Name} {target.Status}");
    }

    [Test]
    public void Each_target_that_ran_is_reported_before_the_next_one_starts()
    {
        using var run = new TestRun();
        var (exit, _) = run.Run<WatchedBuild>();
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(TestRun.Executed, Is.EqualTo(new[]
        {
            "First", "finished First Succeeded", "Broken", "finished Broken Failed", "Cleanup",
                "finished Cleanup Succeeded",
        }));
    }
}
