using BuildTests.Gates;

namespace Build.Tests.Release;

/// <summary>
/// --release-run: three builds, as three CI jobs of one workflow run, continue one release run. Promote with --skip
/// finds the canary result the first build left, and the release decides GO on the run's own evidence, adopting none.
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class ReleaseRunKeyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);

    [Test]
    public async Task Builds_with_one_release_run_key_continue_one_run()
    {
        var key = "test-" + Guid.NewGuid().ToString("N")[..12];
        var env = new Dictionary<string, string?> { ["GITHUB_RUN_ID"] = null, ["GITHUB_REPOSITORY"] = null };

        var canary = await BuildShRun.RunAsync(env, Timeout, "Canary", "--release-run", key);
        Assert.That(canary.ExitCode, Is.EqualTo(0), BuildShRun.Tail(canary.Output));

        var promote = await BuildShRun.RunAsync(env, Timeout, "Promote", "--skip", "--release-run", key);
        Assert.That(promote.ExitCode, Is.EqualTo(0), BuildShRun.Tail(promote.Output));
        Assert.That(promote.RunDir, Is.EqualTo(canary.RunDir), "the same run folder");
        Assert.That(promote.Item("promote.gate").Status, Is.EqualTo(global::Checklist.ItemStatus.Pass));

        var release = await BuildShRun.RunAsync(env, Timeout, "CloudflareVerify", "Release", "--skip",
            "--release-run", key);
        Assert.That(release.ExitCode, Is.EqualTo(0), BuildShRun.Tail(release.Output));
        Assert.That(release.RunDir, Is.EqualTo(canary.RunDir));
        Assert.That(release.Decision.Decision, Is.EqualTo("GO"));
        Assert.That(release.Decision.Items.Where(i => i.Reason.StartsWith("adopted from run")).Select(i => i.Id),
            Is.Empty, "the run's own earlier passes are its evidence");
        Assert.That(release.Item("canary.status").Status, Is.EqualTo(global::Checklist.ItemStatus.Pass));
    }
}
