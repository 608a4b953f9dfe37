using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace Build.Tests.Release;

/// <summary>The done-when run: ./build.sh Release on a fresh sandbox with no token runs every gate and ends GO with a
/// bundle and a dry-run plan.</summary>
[Parallelizable]
public sealed class FullReleaseTests
{
    [Test]
    public async Task ReleaseOnTheSandboxWithoutATokenRunsEveryGateAndEndsGoWithABundleAndAPlan()
    {
        using var root = new ReleaseRoot();
        var result = await root.BuildAsync(new Dictionary<string, string?>(), "Release");
        var output = result.StandardOutput + result.StandardError;
        Assert.That(result.ExitCode, Is.EqualTo(0), output);
        Assert.That(result.StandardOutput, Does.Contain("GO for VVTV").And.Contain("Dry run"));

        var bundle = root.Bundle("0.1.0");
        var check = await Cli.Wrap("sha256sum").WithArguments(["-c", "--strict", "--quiet", "SHA256SUMS"])
            .WithWorkingDirectory(bundle)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(check.ExitCode, Is.EqualTo(0), check.StandardOutput + check.StandardError);
        using var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "publish-plan.json")));
        Assert.That(plan.RootElement.GetProperty("dry_run").GetBoolean(), Is.True);

        var report = File.ReadAllText(Path.Combine(bundle, "report.html"));
        Assert.That(report,
            Does.Contain("<h2>Timeline</h2>").And.Contain(">Soak</td>").And.Contain("<h2>Soak</h2><figure><svg"));
        Assert.That(report,
            Does.Not.Contain("class=\"status Fail\"").And.Not.Contain("class=\"status Skipped\">Skipped</td>"),
            "every required item passes on the sandbox");
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "metadata.json")));
        Assert.That(metadata.RootElement.GetProperty("runs")
            .GetArrayLength(), Is.EqualTo(1), "all evidence comes from this run");
    }
}
