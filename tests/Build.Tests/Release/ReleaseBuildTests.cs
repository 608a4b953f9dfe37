using System.Security.Cryptography;
using System.Text.Json;
using Build.Tests.Publishing.FakeGitHub;
using CliWrap;
using CliWrap.Buffered;
using Publishing;
using Tests.Shared;

namespace Build.Tests.Release;

/// <summary>
/// ./build.sh Release --skip end to end on the sandbox: evidence from an earlier run, the live alert check against a
/// control API the build starts itself, the bundle, a dry run, then a real publish to the fake GitHub, a no-op re-run
/// and a NO-GO that publishes nothing. Ordered: each step builds on the previous one's release.
/// </summary>
[Parallelizable]
public sealed class ReleaseBuildTests
{
    private const string Token = "ghs-release-e2e-7d41c2";
    private const string Version = "0.1.0"; // the sandbox workspace's Cargo version, the default
    private ReleaseRoot _root = null!;
    private FakeGitHubServer _github = null!;
    private string _dryRunArchiveSha = "";

    [OneTimeSetUp]
    public void SetUp()
    {
        // The fake GitHub listens where the builds run: in their own namespace where the machine allows it.
        _root = new ReleaseRoot(ownNetwork: OwnNetwork.CanHostServers);
        EvidenceRuns.Finished(_root.Artifacts, _root.Commit, DateTimeOffset.UtcNow.AddMinutes(-30));
        _github = new FakeGitHubServer(Token, _root.Network);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _github.Dispose();
        _root.Dispose();
    }

    private Dictionary<string, string?> Publishing => new() { ["GITHUB_TOKEN"] = Token };

    private string[] PublishArgs => ["Release", "--skip", "--github-api-url", _github.ApiBase.ToString(),
        "--github-repository", "danvoulez/voulezvous-tv"];

    [Test, Order(1)]
    public async Task WithoutATokenItEndsGoWithABundleAndADryRunPlan()
    {
        var result = await _root.BuildAsync(new Dictionary<string, string?>(), "Release", "--skip");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain("GO for VVTV").And.Contain("Dry run"));

        var bundle = _root.Bundle(Version);
        var check = await Cli.Wrap("sha256sum").WithArguments(["-c", "--strict", "--quiet", "SHA256SUMS"])
            .WithWorkingDirectory(bundle)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(check.ExitCode, Is.EqualTo(0), check.StandardOutput + check.StandardError);

        using var plan = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "publish-plan.json")));
        Assert.That(plan.RootElement.GetProperty("dry_run").GetBoolean(), Is.True);
        Assert.That(plan.RootElement.GetProperty("tag").GetString(), Is.EqualTo("v" + Version));
        Assert.That(plan.RootElement.GetProperty("assets").GetArrayLength(), Is.EqualTo(6));

        var report = File.ReadAllText(Path.Combine(bundle, "report.html"));
        foreach (var item in global::Checklist.ChecklistItems.All)
            Assert.That(report, Does.Contain($"id=\"item-{item.Id}\""), item.Id);
        Assert.That(report, Does.Contain("checked at decision time").And.Contain("buffer minutes per sample"));
        Assert.That(File.ReadAllText(Path.Combine(bundle, "decision.md")), Does.StartWith($"# VVTV {Version}: GO"));
        _dryRunArchiveSha = Sha(Path.Combine(bundle, BundleBuilder.ArchiveName(Version)));
        Assert.That(_github.Requests, Is.Empty);
    }

    [Test, Order(2)]
    public async Task WithATokenItPublishesAfterAnUploadFailureAndThePublishedChecksumsVerify()
    {
        _github.Inject(FakeFault.UploadBadGateway);
        var result = await _root.BuildAsync(Publishing, PublishArgs);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput + result.StandardError, Does.Not.Contain(Token));

        var release = _github.Releases.Single();
        Assert.That(release.Tag, Is.EqualTo("v" + Version));
        Assert.That(release.Draft, Is.False);
        Assert.That(release.Body, Does.StartWith($"# VVTV {Version}: GO"));
        Assert.That(_github.Count("POST upload:"), Is.EqualTo(release.Assets.Count + 1),
            "one upload failed and was retried");

        var sums = ChecksumFile.Parse(System.Text.Encoding.UTF8.GetString(release.Assets.Single(a =>
            a.Name == "SHA256SUMS").Data));
        var archive = release.Assets.Single(a => a.Name == BundleBuilder.ArchiveName(Version));
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(archive.Data)), Is.EqualTo(_dryRunArchiveSha),
            "the same evidence gives the same archive");
        foreach (var asset in release.Assets.Where(a => sums.ContainsKey(a.Name)))
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(asset.Data)), Is.EqualTo(sums[asset.Name]),
                asset.Name);
        Assert.That(sums.Keys,
            Does.Contain("report.html").And.Contain("decision.md").And.Contain("manifest.json").And.Contain("metadata.json"));
    }

    [Test, Order(3)]
    public async Task ReleasingTheSameEvidenceAgainChangesNothing()
    {
        var before = _github.Requests.Count;
        var result = await _root.BuildAsync(Publishing, PublishArgs);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain("nothing changed"));
        var rerun = _github.Requests.Skip(before).ToList();
        Assert.That(rerun.Where(r => r.StartsWith("POST") || r.StartsWith("PATCH") || r.StartsWith("DELETE")), Is.Empty,
            string.Join("\n", rerun));
        Assert.That(_github.Releases, Has.Count.EqualTo(1));
    }

    [Test, Order(4)]
    public async Task AHighAlertAtDecisionTimeIsNoGoAndPublishesNothing()
    {
        var before = _github.Requests.Count;
        var result = await _root.BuildAsync(new Dictionary<string,
            string?>(Publishing) { ["VVTV_SIM_FAULTS"] = "high-alert" }, PublishArgs);
        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.StandardOutput,
            Does.Contain("NO-GO").And.Contain("QA_PASS_RATE_LOW (high)").And.Contain("nothing is " +
                "bundled or published"));
        Assert.That(_github.Requests.Count, Is.EqualTo(before), "GitHub is not contacted on NO-GO");
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
