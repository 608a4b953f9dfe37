using System.Diagnostics;
using Tests.Shared;

namespace Build.Tests.Hygiene;

/// <summary>
/// A server a test started in a session of its own ends with the test host, killed or not: the group of a real
/// setsid process is gone once the watcher's pipe closes, and stays up while the test still owns it.
/// </summary>
[TestFixture, Parallelizable]
public sealed class EndsWithTestHostTests
{
    [Test]
    public void The_group_ends_when_the_test_hosts_end_closes_the_pipe()
    {
        using var server = Group();
        using var tie = new EndsWithTestHost(server.Id);
        Assert.That(server.HasExited, Is.False, "the group runs while the host does");

        tie.PipeClosed();

        // Bounded only so that a broken watcher fails instead of hanging the run.
        Assert.That(server.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "the group outlived the test host");
    }

    [Test]
    public void Disposing_the_tie_after_the_test_stopped_nothing_leaves_the_group_alone()
    {
        using var server = Group();
        new EndsWithTestHost(server.Id).Dispose();

        Assert.That(server.HasExited, Is.False, "the watcher signalled a group the test still owns");
        server.Kill(entireProcessTree: true);
        server.WaitForExit();
    }

    // sleep leading a session (and so a group) of its own, as wrangler dev runs.
    private static Process Group()
    {
        var start = new ProcessStartInfo("setsid");
        foreach (var arg in (string[])["sleep", "600"]) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
