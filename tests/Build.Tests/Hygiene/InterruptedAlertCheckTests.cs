using System.Text;
using System.Text.RegularExpressions;
using Build.Tests.Cloudflare;
using Checklist;
using CliWrap;

namespace Build.Tests.Hygiene;

/// <summary>
/// Ctrl-C while Release's live alert check starts a control API to read /v1/alerts: the alert item is not Pass, its
/// reason says the check was interrupted, and the decision is NO-GO.
/// </summary>
[TestFixture, Parallelizable]
public sealed partial class InterruptedAlertCheckTests
{
    [Test]
    public async Task Ctrl_C_in_the_live_alert_check_is_no_GO()
    {
        using var root = new SandboxBuildRoot();
        var output = new StringBuilder();
        using var timeout = new CancellationTokenSource(SandboxBuildRoot.BuildTimeout);
        var build = root.BuildCommand(new Dictionary<string, string?>(), "Release", "--skip")
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .ExecuteAsync(timeout.Token);
        while (!Text(output).Contains("starting one from the workspace", StringComparison.Ordinal))
        {
            if (build.Task.IsCompleted) Assert.Fail($"the build ended before its live alert check:\n{output}");
            await Task.Delay(100);
        }
        // build.sh execs the build, so this is the build process itself.
        await Cli.Wrap("kill").WithArguments(["-INT", build.ProcessId.ToString()]).ExecuteAsync();
        await build;

        var written = DecisionLine().Match(Text(output));
        Assert.That(written.Success, Is.True, Text(output));
        var decision = DecisionFile.Load(written.Groups[1].Value);
        var alerts = decision.Items.Single(i => i.Id == "gonogo.no-critical-high-alerts");
        Assert.That(alerts.Status, Is.Not.EqualTo(ItemStatus.Pass));
        Assert.That(alerts.Reason, Does.Contain("interrupted"));
        Assert.That(decision.Decision, Is.EqualTo("NO-GO"));
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    [GeneratedRegex(@"Decision (?:GO|NO-GO) written to (\S+decision\.json)")]
    private static partial Regex DecisionLine();
}
