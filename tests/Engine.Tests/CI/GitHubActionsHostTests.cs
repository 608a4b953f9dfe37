using Engine;

namespace EngineTests;

/// <summary>Under GITHUB_ACTIONS=true the build speaks GitHub's workflow commands and writes the step
/// summary.</summary>
[NonParallelizable]
public sealed class GitHubActionsHostTests
{
    private TestRun _run = null!;
    private string _summary = null!;

    [SetUp]
    public void SetUp()
    {
        _run = new TestRun();
        _summary = _run.Root / "step-summary.md";
        _run.Env["GITHUB_ACTIONS"] = "true";
        _run.Env["GITHUB_STEP_SUMMARY"] = _summary;
        // The masker is process-wide: each test generates a secret nobody registered before.
        ActionsBuild.Generated = "generated-" + Guid.NewGuid().ToString("N");
    }

    [TearDown] public void TearDown() => _run.Dispose();

    [Test]
    public void Targets_are_grouped_failures_annotated_and_the_summary_written()
    {
        var (exit, output) = _run.Run<ActionsBuild>("Fail", "--token", "tok-gha-4c1f2e9a");
        Assert.That(exit, Is.EqualTo(1));
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines.IndexOf("::group::Prepare"), Is.GreaterThanOrEqualTo(0), output);
        Assert.That(lines.IndexOf("::endgroup::"), Is.GreaterThan(lines.IndexOf("::group::Prepare")));
        Assert.That(lines.IndexOf("::group::Fail"), Is.GreaterThan(lines.IndexOf("::endgroup::")),
            "one group per target, closed before the next");
        Assert.That(lines, Does.Contain("::error title=Fail failed::broken"), "the failure's first line");
        Assert.That(lines, Does.Contain("::error title=item.one::the item's reason: ****"),
            "ReportError from a target, masked");
        Assert.That(lines.IndexOf("::add-mask::tok-gha-4c1f2e9a"), Is.LessThan(lines.IndexOf("::group::Prepare")),
            "a secret parameter is masked before anything runs");
        Assert.That(lines.IndexOf("::add-mask::" + ActionsBuild.Generated),
            Is.GreaterThan(lines.IndexOf("::group::Prepare")),
            "a secret generated while running is masked when it is registered");
        Assert.That(output.Replace("::add-mask::tok-gha-4c1f2e9a", "").Replace("::add-mask::"
            + ActionsBuild.Generated, ""),
            Does.Not.Contain("tok-gha-4c1f2e9a").And.Not.Contain(ActionsBuild.Generated));

        var summary = File.ReadAllText(_summary);
        Assert.That(summary, Does.Contain("## Decision from the top layer"));
        Assert.That(summary,
            Does.Contain("### Build failed").And.Contain("| Prepare | Succeeded |").And.Contain("| Fail | Failed |"));
        Assert.That(summary, Does.Not.Contain("tok-gha-4c1f2e9a"));
    }

    [Test]
    public void A_terminal_gets_none_of_it()
    {
        _run.Env.Remove("GITHUB_ACTIONS");
        var (_, output) = _run.Run<ActionsBuild>("Fail", "--token", "tok-gha-4c1f2e9a");
        Assert.That(output, Does.Not.Contain("::group::").And.Not.Contain("::add-mask::").And.Not.Contain("::error"));
        Assert.That(File.Exists(_summary), Is.False);
    }

    private sealed class ActionsBuild : NukeBuild
    {
        public static string Generated = "";

        [Parameter, Secret] public string? Token;

        public Target Prepare => _ => _.Executes(() =>
        {
            SecretMasker.Global.Register(ActionsBuild.Generated);
            this.ReportError("item.one", $"the item's reason: {Token}");
            this.AppendSummary("## Decision from the top layer\n");
        });

        public Target Fail => _ => _.DependsOn(Prepare).Executes(()
            => throw new TargetFailedException("broken\nsecond line"));
    }
}
