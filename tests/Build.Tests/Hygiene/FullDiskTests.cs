using System.Text;
using System.Text.RegularExpressions;
using Build.Tests.Cloudflare;
using Checklist;
using CliWrap;

namespace Build.Tests.Hygiene;

/// <summary>
/// A run's decision on a full disk, on a real small tmpfs (mounting needs root; without it the test is ignored, saying
/// so): the checkpoint that cannot be written fails with an IOException and leaves the earlier decision.json whole,
/// never half a file; and a real ./build.sh whose artifacts/ fills up mid-way ends with decision.json, decision.md
/// and the summary table agreeing, the decision naming what could not be written.
/// </summary>
[Parallelizable]
public sealed partial class FullDiskTests
{
    [Test]
    public async Task A_build_whose_disk_fills_mid_way_leaves_a_decision_that_agrees_with_its_targets()
    {
        using var root = new SandboxBuildRoot();
        var artifacts = Directory.CreateDirectory(Path.Combine(root.Path, "artifacts")).FullName;
        await MountOrIgnore(artifacts, "32m");
        try
        {
            var output = new StringBuilder();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(40)); // the port-7070 lock is shared
            var build = root.BuildCommand(new Dictionary<string, string?>(), "Security")
                .WithStandardOutputPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
                .ExecuteAsync(timeout.Token);
            while (!Text(output).Contains("═══ Security", StringComparison.Ordinal))
            {
                if (build.Task.IsCompleted) Assert.Fail($"the build ended before Security:\n{output}");
                await Task.Delay(100);
            }
            // Test passed and was checkpointed; Security starts on a disk with no byte left.
            Fill(Path.Combine(artifacts, "filler"));
            var result = await build;
            var text = Text(output);

            Assert.That(result.ExitCode, Is.Not.EqualTo(0), text);
            Assert.That(text, Does.Contain("was full"), "the log says what could not be written");
            var runDir = Directory.GetDirectories(Path.Combine(artifacts, "runs")).Single(d => RunId.IsValid(
                Path.GetFileName(d)));
            var decision = DecisionFile.Load(Path.Combine(runDir, DecisionFile.JsonName));
            var markdown = File.ReadAllText(Path.Combine(runDir, DecisionFile.MarkdownName));
            Assert.That(markdown, Does.StartWith($"# Release decision: {decision.Decision}\n"),
                "decision.md is the same decision");
            Assert.That(decision.Decision, Is.EqualTo("NO-GO"));
            Assert.That(decision.Reasons, Has.Some.Contains("was full"), "the decision names what was not written");
            foreach (Match row in TableRow().Matches(text))
            {
                var (target, status) = (row.Groups["target"].Value, row.Groups["status"].Value);
                var items = decision.Items.Where(i => i.Target == target).ToList();
                if (status == "Succeeded" && target is "Test" or "Security")
                    Assert.That(items.Where(i => i.Status == ItemStatus.Pass), Is.Not.Empty,
                        $"{target} Succeeded in the table, and decision.json holds its passes");
                if (status is "NotRun" or "Skipped")
                    Assert.That(items, Is.Empty, $"{target} did not run, and decision.json holds nothing of it");
            }
        }
        finally
        {
            await Cli.Wrap("umount").WithArguments(["-l", artifacts]).WithValidation(CommandResultValidation.None)
                .ExecuteAsync();
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    [GeneratedRegex(@"^(?<target>[A-Za-z]+)\s+(?<status>Succeeded|Failed|Aborted|NotRun|Skipped)\b",
        RegexOptions.Multiline)]
    private static partial Regex TableRow();

    // A tmpfs of the given size at dir (root only; the test is ignored, saying why, where mounting is not allowed).
    private static async Task MountOrIgnore(string dir, string size)
    {
        var mounted = await Cli.Wrap("mount").WithArguments(["-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir])
            .WithValidation(CommandResultValidation.None).ExecuteAsync();
        if (mounted.ExitCode != 0) Assert.Ignore("cannot mount a tmpfs here (not root?): the full-disk row needs one");
    }

    // Fills the disk to its last byte (unbuffered, so nothing is left to flush).
    private static void Fill(string path)
    {
        using var filler = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try { while (true) filler.Write(block); }
        catch (IOException) { /* full */ }
        try { while (true) filler.Write(block, 0, 1); }
        catch (IOException) { /* full to the byte */ }
    }

    [Test]
    public async Task A_decision_that_does_not_fit_leaves_the_earlier_one_whole()
    {
        var mount = Directory.CreateTempSubdirectory("full-disk-").FullName;
        try { await MountOrIgnore(mount, "1m"); }
        catch (IgnoreException)
        {
            Directory.Delete(mount);
            throw;
        }
        try
        {
            var store = EvidenceStore.Create(mount, mount, "0123456789abcdef0123456789abcdef01234567");
            store.Record("build.cargo-test", ItemStatus.Pass, "first checkpoint", "Test");
            store.Finish();
            var decision = Path.Combine(store.RunDir, DecisionFile.JsonName);
            var before = File.ReadAllText(decision);
            store.Record("security.signed-request-auth", ItemStatus.Pass, "second checkpoint", "Security");
            Fill(Path.Combine(mount, "filler"));

            Assert.Throws(Is.InstanceOf<IOException>(), () => store.Finish());
            Assert.That(File.ReadAllText(decision), Is.EqualTo(before), "the earlier decision.json is whole");
            Assert.That(DecisionFile.Load(decision).Items, Is.Not.Empty);
            Assert.That(Directory.GetFiles(store.RunDir, "*.tmp"), Is.Empty, "no half-written temporary file stays");
        }
        finally
        {
            await Cli.Wrap("umount").WithArguments([mount]).ExecuteAsync();
            Directory.Delete(mount, recursive: true);
        }
    }
}
