using Checklist;
using CliWrap;

namespace Build.Tests.Hygiene;

/// <summary>
/// A run's decision on a full disk, on a real 1 MiB tmpfs (mounting needs root; without it the test is ignored, saying
/// so): the checkpoint that cannot be written fails with an IOException and leaves the earlier decision.json whole,
/// never half a file.
/// </summary>
[NonParallelizable]
public sealed class FullDiskTests
{
    [Test]
    public async Task A_decision_that_does_not_fit_leaves_the_earlier_one_whole()
    {
        var mount = Directory.CreateTempSubdirectory("full-disk-").FullName;
        var mounted = await Cli.Wrap("mount").WithArguments(["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount])
            .WithValidation(CommandResultValidation.None).ExecuteAsync();
        if (mounted.ExitCode != 0)
        {
            Directory.Delete(mount);
            Assert.Ignore("cannot mount a tmpfs here (not root?): the full-disk row needs one");
        }
        try
        {
            var store = EvidenceStore.Create(mount, mount, "0123456789abcdef0123456789abcdef01234567");
            store.Record("build.cargo-test", ItemStatus.Pass, "first checkpoint", "Test");
            store.Finish();
            var decision = Path.Combine(store.RunDir, DecisionFile.JsonName);
            var before = File.ReadAllText(decision);
            store.Record("security.signed-request-auth", ItemStatus.Pass, "second checkpoint", "Security");
            // Fill the disk to its last byte (unbuffered, so nothing is left to flush).
            using (var filler = new FileStream(Path.Combine(mount, "filler"), FileMode.Create, FileAccess.Write,
                       FileShare.None, bufferSize: 0))
            {
                var block = new byte[64 * 1024];
                try { while (true) filler.Write(block); }
                catch (IOException) { /* full */ }
                try { while (true) filler.Write(block, 0, 1); }
                catch (IOException) { /* full to the byte */ }
            }

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
