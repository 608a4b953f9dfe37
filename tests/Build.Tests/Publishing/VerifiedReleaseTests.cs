using Build.Tests.Publishing.FakeGitHub;
using CliWrap;
using CliWrap.Buffered;
using Publishing;

namespace Build.Tests.Publishing;

/// <summary>
/// A release tied to what was verified, published to the fake GitHub through Octokit: the tag on the verified commit,
/// pre-releases marked, an existing tag elsewhere refused, every asset in a signed SHA256SUMS that a user can check.
/// </summary>
public sealed class VerifiedReleaseTests
{
    private const string Token = "test-token-7c21";
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private string _dir = "";
    private FakeGitHubServer _github = null!;
    private SshTestKey _key = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = SampleBundle.TempDir();
        _github = new FakeGitHubServer(Token);
        _key = new SshTestKey();
    }

    [TearDown]
    public void TearDown()
    {
        _github.Dispose();
        _key.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private BundleResult Bundle(string version, bool signed = true) =>
        BundleBuilder.Build(SampleBundle.Input(_dir, version) with
        {
            Signer = signed ? SshSigner.From(_key.PrivateKey) : null,
            Changelog = new VvtvChangelog("v1.3.0", Commit, VvtvChangelog.Group(
            [
                new ChangeEntry("1a2b3c4", "feat(api): alerts carry their source"),
                new ChangeEntry("2b3c4d5", "fix: soak counts zero samples as a failure"),
                new ChangeEntry("3c4d5e6", "docs: runbook wording"),
            ])),
        }, Path.Combine(_dir, "release"));

    private PublishRequest Request(BundleResult bundle, string version) => new()
    {
        Repository = "vvtv/vvtv",
        Token = Token,
        ApiBaseUrl = _github.ApiBase,
        Version = version,
        Notes = File.ReadAllText(bundle.NotesPath),
        Assets = bundle.ReleaseAssets,
        TargetCommitish = Commit,
        Signers = AllowedSigners.Load(_key.AllowedSigners),
        RetryDelay = TimeSpan.FromMilliseconds(20),
    };

    [Test]
    public async Task A_pre_release_is_tagged_on_the_verified_commit_and_its_signed_checksums_cover_every_asset()
    {
        var bundle = Bundle("1.4.0-rc.1");
        await new GitHubPublisher(Request(bundle, "1.4.0-rc.1")).PublishAsync();

        var release = _github.Releases.Single();
        Assert.That((release.TargetCommitish, release.Prerelease, release.MakeLatest), Is.EqualTo((Commit, true,
            "false")));
        Assert.That(_github.TagCommit("v1.4.0-rc.1"), Is.EqualTo(Commit));
        Assert.That(release.Body, Does.Contain("# VVTV 1.4.0-rc.1: NO-GO").And.Contain("## VVTV changes since v1.3.0")
            .And.Contain("### Features\n\n- 1a2b3c4 feat(api): alerts carry their source")
            .And.Contain("### Bug fixes\n\n- 2b3c4d5 fix: soak counts").And.Contain("### Others\n\n- 3c4d5e6 docs:")
            .And.Contain("report.html").And.Contain("- Signature: SHA256SUMS is signed"));
        Assert.That(release.Body.IndexOf("## VVTV changes", StringComparison.Ordinal),
            Is.LessThan(release.Body.IndexOf("## Report and evidence", StringComparison.Ordinal)));

        // What a user does: download every asset, then the two commands of the README.
        var download = Directory.CreateDirectory(Path.Combine(_dir, "download")).FullName;
        foreach (var asset in release.Assets) File.WriteAllBytes(Path.Combine(download, asset.Name), asset.Data);
        var listed = ChecksumFile.Parse(File.ReadAllText(Path.Combine(download, "SHA256SUMS")));
        Assert.That(release.Assets.Select(a => a.Name).Where(n => n is not ("SHA256SUMS" or "SHA256SUMS.sig")),
            Is.SubsetOf(listed.Keys), "every published asset is listed");
        Assert.That(listed.Keys, Does.Contain("vvtv-release-1.4.0-rc.1.tar.gz"));
        var check = await Cli.Wrap("sha256sum").WithArguments(["-c", "--ignore-missing", "--strict", "SHA256SUMS"])
            .WithWorkingDirectory(download).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.That(check.ExitCode, Is.EqualTo(0), check.StandardOutput + check.StandardError);
        Assert.That(check.StandardOutput, Does.Contain("vvtv-release-1.4.0-rc.1.tar.gz: OK"));
        var verify = SshTestKey.UserVerify(_key.AllowedSigners, Path.Combine(download, "SHA256SUMS"));
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.Output);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void An_existing_tag_on_another_commit_is_refused_and_nothing_is_published(bool annotated)
    {
        _github.AddTag("v1.4.0", "fedcba9876543210fedcba9876543210fedcba98", annotated);
        var bundle = Bundle("1.4.0");
        var e = Assert.ThrowsAsync<PublishException>(() => new GitHubPublisher(Request(bundle, "1.4.0"))
            .PublishAsync());
        Assert.That(e!.Message, Does.Contain("Tag v1.4.0 already exists in vvtv/vvtv on commit fedcba98")
            .And.Contain($"not on the verified VVTV commit {Commit}"));
        Assert.That(_github.Releases, Is.Empty);
        Assert.That(_github.Count("POST"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_tag_already_on_the_verified_commit_is_used_and_make_latest_is_sent()
    {
        _github.AddTag("v1.4.0", Commit, annotated: true);
        var bundle = Bundle("1.4.0");
        await new GitHubPublisher(Request(bundle, "1.4.0") with { MakeLatest = "legacy" }).PublishAsync();
        var release = _github.Releases.Single();
        Assert.That((release.Prerelease, release.MakeLatest, release.Draft), Is.EqualTo((false, "legacy", false)));
    }

    [Test]
    public void An_unsigned_release_is_refused_when_signers_are_configured_before_any_request()
    {
        var bundle = Bundle("1.4.0", signed: false);
        Assert.That(File.ReadAllText(bundle.NotesPath),
            Does.Contain("- Signature: unsigned: no signing key was given"));
        Assert.That(File.ReadAllText(Path.Combine(bundle.Directory, "report.html")),
            Does.Contain("Signature: unsigned"));
        var e = Assert.ThrowsAsync<PublishException>(() => new GitHubPublisher(Request(bundle, "1.4.0"))
            .PublishAsync());
        Assert.That(e!.Message, Does.Contain("is not signed by a key in").And.Contain("SHA256SUMS.sig is missing"));
        Assert.That(_github.Requests, Is.Empty);
    }

    [Test]
    public void An_unreachable_API_is_named_with_the_repository_the_tag_and_what_to_check()
    {
        var bundle = Bundle("1.4.0");
        var closed = new Uri($"http://127.0.0.1:{ClosedPort()}/api/v3/");
        var e = Assert.ThrowsAsync<PublishException>(() =>
            new GitHubPublisher(Request(bundle, "1.4.0") with { ApiBaseUrl = closed, MaxRetries = 1 }).PublishAsync());
        Assert.That(e!.Message,
            Does.Contain($"GitHub did not answer at {closed}").And.Contain("publishing v1.4.0 to vvtv/vvtv")
            .And.Contain("Check --github-api-url").And.Contain("GITHUB_TOKEN"));
    }

    private static int ClosedPort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
