using CliWrap;
using Build.Tests.Cloudflare;
using Checklist;
using Tests.Shared;

namespace Build.Tests.Gates;

/// <summary>
/// <c>./build.sh Runbook --skip</c> on a checkout made from the sandbox template: the steps that change the live
/// workspace are listed in decision.md with what they changed, and the destructive ones wait for --maintenance-window.
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class CheckoutLiveChangesTests
{
    [Test]
    public async Task Without_a_maintenance_window_a_checkout_keeps_its_key_archive_and_lists_every_change()
    {
        using var root = new SandboxBuildRoot();
        var checkout = Path.Combine(root.Path, "voulezvous-tv");
        SandboxBuildRoot.CopyTree(Repository.PathOf("sandbox", "workspace"), checkout, "node_modules", ".wrangler",
            "runtime");
        foreach (var git in new[] { new[] { "init", "-q" }, ["add", "-A"],
                     ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "checkout"] })
            await Cli.Wrap("git").WithArguments(git).WithWorkingDirectory(checkout).ExecuteAsync();
        // An archived key older than any retention: pruning would delete it.
        var archive = Directory.CreateDirectory(Path.Combine(checkout, "runtime", "keys", "archive")).FullName;
        var oldKey = Path.Combine(archive, "20200101T000000Z.key");
        File.WriteAllText(oldKey, "old archived key\n");
        File.SetLastWriteTimeUtc(oldKey, DateTime.UtcNow.AddDays(-4000));

        var result = await root.BuildAsync(new Dictionary<string, string?>
        {
            ["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["VVTV_CONTROL_TOKEN"] = "checkout-control-token-4c1d",
            ["VVTV_CONTROL_SECRET"] = "checkout-control-secret-9e2a",
        }, "Runbook", "--skip", "--vvtv-root", checkout);
        var output = result.StandardOutput + result.StandardError;

        var runDir = root.RunDirOf(result);
        var decision = DecisionFile.Load(Path.Combine(runDir, DecisionFile.JsonName));
        foreach (var id in new[] { "runbook.backup-key-prune", "runbook.restore-metadata" })
        {
            var item = decision.Items.Single(i => i.Id == id);
            Assert.That(item.Status, Is.EqualTo(ItemStatus.Skipped), $"{id}: {item.Reason}\n{output}");
            Assert.That(item.Reason, Does.Contain("--maintenance-window"), id);
        }
        Assert.That(File.Exists(oldKey), Is.True, "the live key archive was pruned without a maintenance window");

        var steps = decision.LiveChanges.Select(c => c.Step).ToList();
        Assert.That(steps, Does.Contain("runbook-backup-key-rotate").And.Contain("runbook-emergency-on")
            .And.Contain("runbook-emergency-off").And.Contain("runbook-force-nightly")
            .And.Not.Contain("runbook-backup-key-prune").And.Not.Contain("runbook-restore-metadata"), output);
        var md = File.ReadAllText(Path.Combine(runDir, DecisionFile.MarkdownName));
        Assert.That(md, Does.Contain("## Changes made to the live workspace")
            .And.Contain("replaced the live backup key").And.Contain("switched the live system into emergency mode"));
        Assert.That(SandboxBuildRoot.ProcessesWorkingUnder(checkout), Is.Empty);
    }
}
