using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Publishing;

namespace Build.Tests.Publishing;

public sealed class BundleTests
{
    private string _dir = "";

    [SetUp] public void SetUp() => _dir = SampleBundle.TempDir();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void SameInputBuiltTwiceGivesIdenticalBytes()
    {
        var a = BundleBuilder.Build(SampleBundle.Input(_dir), Path.Combine(_dir, "a"));
        Thread.Sleep(1100); // a clock leak would show up as a different second
        var b = BundleBuilder.Build(SampleBundle.Input(_dir), Path.Combine(_dir, "b"));

        var filesA = Directory.GetFiles(a.Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(a.Directory, f)).Order().ToList();
        var filesB = Directory.GetFiles(b.Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(b.Directory, f)).Order().ToList();
        Assert.That(filesB, Is.EqualTo(filesA));
        Assert.That(filesA,
            Does.Contain("vvtv-release-1.4.0.tar.gz").And.Contain("SHA256SUMS").And.Contain(
                "evidence/soak/metrics.prom"));
        foreach (var f in filesA)
            Assert.That(File.ReadAllBytes(Path.Combine(b.Directory, f)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(a.Directory, f))), f);

        var gz = File.ReadAllBytes(a.ArchivePath);
        Assert.That(gz[..3], Is.EqualTo(new byte[] { 0x1f, 0x8b, 8 }));
        Assert.That(gz[3], Is.EqualTo(0), "gzip FLG: no file name or comment");
        Assert.That(gz[4..8], Is.EqualTo(new byte[4]), "gzip MTIME must be 0");
    }

    [Test]
    public async Task ChecksumsVerifyWithRealSha256sum()
    {
        var bundle = BundleBuilder.Build(SampleBundle.Input(_dir), _dir);
        var result = await Cli.Wrap("sha256sum").WithArguments(["-c", "--strict", "SHA256SUMS"])
            .WithWorkingDirectory(bundle.Directory).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);

        var lines = File.ReadAllLines(Path.Combine(bundle.Directory, "SHA256SUMS"));
        var paths = lines.Select(l => l[66..]).ToList();
        Assert.That(paths, Is.EqualTo(paths.Order(StringComparer.Ordinal).ToList()));
        Assert.That(paths, Does.Not.Contain("SHA256SUMS"));
        Assert.That(paths,
            Does.Contain("manifest.json").And.Contain("report.html").And.Contain("evidence/build/cargo-test.log")
            .And.Contain("vvtv-release-1.4.0.tar.gz"), "the published file covers the archive too");

        // The copy inside the archive covers the archive's content, so sha256sum -c passes on the unpacked folder too.
        var unpacked = Directory.CreateDirectory(Path.Combine(_dir, "unpacked")).FullName;
        await Cli.Wrap("tar").WithArguments(["-xzf", bundle.ArchivePath, "-C", unpacked]).ExecuteBufferedAsync();
        var inner = await Cli.Wrap("sha256sum").WithArguments(["-c", "--strict", "SHA256SUMS"])
            .WithWorkingDirectory(Path.Combine(unpacked, "vvtv-release-1.4.0"))
                .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.That(inner.ExitCode, Is.EqualTo(0), inner.StandardOutput + inner.StandardError);

        // Our digest agrees with the tool on a file bigger than one read buffer.
        var big = Path.Combine(_dir, "big.bin");
        File.WriteAllBytes(big, Enumerable.Range(0, 3 << 20).Select(i => (byte)(i % 251)).ToArray());
        var tool = await Cli.Wrap("sha256sum").WithArguments([big]).ExecuteBufferedAsync();
        Assert.That(Sha256File.Compute(big), Is.EqualTo(tool.StandardOutput[..64]));
    }

    [Test]
    public async Task ArchiveListsSortedEntriesWithFixedTimesAndOwners()
    {
        var bundle = BundleBuilder.Build(SampleBundle.Input(_dir), _dir);
        var result = await Cli.Wrap("tar").WithArguments(["--numeric-owner", "-tzvf", bundle.ArchivePath])
            .WithEnvironmentVariables(e => e.Set("TZ", "UTC")).ExecuteBufferedAsync();
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var names = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).ToList();
        Assert.That(names, Is.EqualTo(names.Order(StringComparer.Ordinal).ToList()));
        Assert.That(names,
            Does.Contain("vvtv-release-1.4.0/SHA256SUMS").And.Contain("vvtv-release-1.4.0/evidence/soak/summary.json"));
        Assert.That(lines, Has.All.StartWith("-rw-r--r-- 0/0"));
        Assert.That(lines, Has.All.Contains("2026-11-24 09:04"));
    }

    [Test]
    public void ManifestAndMetadataDescribeEvidenceWithoutSecrets()
    {
        var bundle = BundleBuilder.Build(SampleBundle.Input(_dir), _dir);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle.Directory, "manifest.json")));
        var soak = manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path")
            .GetString() == "evidence/soak/summary.json");
        Assert.That(soak.GetProperty("producing_target").GetString(), Is.EqualTo("Soak"));
        Assert.That(soak.GetProperty("items").EnumerateArray()
            .Select(i => i.GetString()), Is.EqualTo(new[] { "soak.run", "soak.verdict" }));
        Assert.That(soak.GetProperty("sha256")
            .GetString(), Is.EqualTo(Sha256File.Compute(Path.Combine(bundle.Directory, "evidence/soak/summary.json"))));

        var metadata = File.ReadAllText(Path.Combine(bundle.Directory, "metadata.json"));
        Assert.That(metadata,
            Does.Contain("\"tag\": \"v1.4.0\"").And.Contain("soak-minutes").And.Contain("2026-11-24T09:00:00"));
        var all = string.Concat(Directory.GetFiles(bundle.Directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".gz")).Select(File.ReadAllText));
        Assert.That(all, Does.Not.Contain("ghp_secret_never_written").And.Not.Contain("GITHUB_TOKEN"));
    }

    [Test]
    public void BadInputFailsWithTheOffendingPath()
    {
        var input = SampleBundle.Input(_dir);
        var escaping = input with { Evidence = [input.Evidence[0] with { TargetPath = "evidence/../../etc/passwd" }] };
        Assert.That(() => BundleBuilder.Build(escaping, _dir),
            Throws.ArgumentException.With.Message.Contains("evidence/../../etc/passwd"));
        var missing = input with { Evidence = [input.Evidence[0] with { SourcePath = Path.Combine(_dir,
            "nope.log") }] };
        Assert.That(() => BundleBuilder.Build(missing, _dir),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("nope.log"));
        Assert.That(() => BundleBuilder.Build(input with { Version = "v1.0" }, _dir),
            Throws.ArgumentException.With.Message.Contains("'v1.0'"));
    }
}
