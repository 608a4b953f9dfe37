using System.Text.Json;
using Build.Tests.Publishing.FakeGitHub;
using Publishing;

namespace Build.Tests.Publishing;

public sealed class GitHubPublisherTests
{
    private const string Token = "test-token-3f9a";
    private string _dir = "";
    private FakeGitHubServer _github = null!;
    private BundleResult _bundle = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = SampleBundle.TempDir();
        _bundle = BundleBuilder.Build(SampleBundle.Input(_dir), Path.Combine(_dir, "release"));
        _github = new FakeGitHubServer(Token);
    }

    [TearDown]
    public void TearDown()
    {
        _github.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private PublishRequest Request(string? notes = null, bool replace = false) => new()
    {
        Repository = "vvtv/vvtv",
        Token = Token,
        ApiBaseUrl = _github.ApiBase,
        Version = "1.4.0",
        Notes = notes ?? File.ReadAllText(Path.Combine(_bundle.Directory, "decision.md")),
        Assets = _bundle.ReleaseAssets,
        ReplaceAssets = replace,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    };

    [Test]
    public async Task PublishesDraftThenAssetsThenReleaseAfterAnUploadFailureAndARerunChangesNothing()
    {
        _github.Inject(FakeFault.UploadBadGateway);
        var first = await new GitHubPublisher(Request()).PublishAsync();

        var release = _github.Releases.Single();
        Assert.That(first.ReleaseCreated, Is.True);
        Assert.That(release.Draft, Is.False);
        Assert.That(release.Tag, Is.EqualTo("v1.4.0"));
        Assert.That(release.Assets.Select(a => a.Name),
            Is.EquivalentTo(_bundle.ReleaseAssets.Select(Path.GetFileName)));
        foreach (var path in _bundle.ReleaseAssets)
            Assert.That(release.Assets.Single(a => a.Name == Path.GetFileName(path)).Data,
                Is.EqualTo(File.ReadAllBytes(path)));
        Assert.That(_github.Count("POST upload:"), Is.EqualTo(_bundle.ReleaseAssets.Count + 1),
            "one upload was retried");

        var order = _github.Requests.ToList();
        var created = order.FindIndex(r => r.StartsWith("POST /api/v3/repos/vvtv/vvtv/releases"));
        var firstUpload = order.FindIndex(r => r.StartsWith("POST upload:"));
        var publish = order.FindIndex(r => r.StartsWith("PATCH "));
        Assert.That(created, Is.LessThan(firstUpload));
        Assert.That(firstUpload, Is.LessThan(publish));

        var before = _github.Requests.Count;
        var second = await new GitHubPublisher(Request()).PublishAsync();
        Assert.That(second.NothingChanged, Is.True);
        Assert.That(second.Unchanged, Has.Count.EqualTo(_bundle.ReleaseAssets.Count));
        var rerun = _github.Requests.Skip(before).ToList();
        Assert.That(rerun.Where(r => r.StartsWith("POST") || r.StartsWith("PATCH") || r.StartsWith("DELETE")),
            Is.Empty);
        Assert.That(_github.Releases, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DifferentAssetContentFailsClearlyUnlessReplaceIsSet()
    {
        await new GitHubPublisher(Request()).PublishAsync();
        _bundle = BundleBuilder.Build(SampleBundle.Input(_dir, decisionMarkdown: "# NO-GO\n"),
            Path.Combine(_dir, "release"));

        var ex = Assert.ThrowsAsync<PublishException>(() => new GitHubPublisher(Request()).PublishAsync());
        Assert.That(ex!.Message, Does.Contain("decision.md").And.Contain("SHA256SUMS").And.Contain("--replace-assets"));
        Assert.That(ex.Message, Does.Not.Contain("report.html"), "unchanged assets are not reported");
        Assert.That(_github.Count("DELETE"), Is.Zero);
        Assert.That(_github.Count("POST upload:"), Is.EqualTo(_bundle.ReleaseAssets.Count),
            "nothing uploaded after the conflict");

        var replaced = await new GitHubPublisher(Request(replace: true)).PublishAsync();
        Assert.That(replaced.Replaced, Does.Contain("decision.md").And.Contain("SHA256SUMS")
            .And.Not.Contain("report.html"));
        Assert.That(_github.Releases.Single().Assets.Single(a => a.Name == "decision.md").Data,
            Is.EqualTo(File.ReadAllBytes(Path.Combine(_bundle.Directory, "decision.md"))));
        Assert.That(_github.Releases.Single().Body, Is.EqualTo("# NO-GO\n"));
    }

    [Test]
    public void AnAssetThatDisagreesWithSha256SumsIsRefusedBeforeUpload()
    {
        File.AppendAllText(Path.Combine(_bundle.Directory, "report.html"), "<!-- edited by hand -->");
        var ex = Assert.ThrowsAsync<PublishException>(() => new GitHubPublisher(Request()).PublishAsync());
        Assert.That(ex!.Message, Does.Contain("report.html").And.Contain("SHA256SUMS lists"));
        Assert.That(_github.Requests, Is.Empty, "checked before anything is sent");
    }

    [Test]
    public async Task DraftHiddenFromTagLookupIsFoundByListingAcrossPages()
    {
        _github.DefaultPageSize = 2;
        _github.AddRelease("v1.0.0", draft: false);
        _github.AddRelease("v1.1.0", draft: false);
        _github.AddRelease("v1.2.0", draft: false);
        var draft = _github.AddRelease("v1.4.0", draft: true);

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + Token);
        var byTag = await http.GetAsync(new Uri(_github.ApiBase, "repos/vvtv/vvtv/releases/tags/v1.4.0"));
        Assert.That((int)byTag.StatusCode, Is.EqualTo(404), "the fake hides drafts from the tag lookup like GitHub");

        var result = await new GitHubPublisher(Request()).PublishAsync();
        Assert.That(result.ReleaseCreated, Is.False);
        Assert.That(result.ReleaseId, Is.EqualTo(draft.Id));
        Assert.That(_github.Releases, Has.Count.EqualTo(4));
        Assert.That(draft.Draft, Is.False);
    }

    [Test]
    public async Task SecondaryRateLimitIsWaitedOutAndRetried()
    {
        _github.Inject(FakeFault.SecondaryRateLimit);
        var started = DateTime.UtcNow;
        await new GitHubPublisher(Request()).PublishAsync();
        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)),
            "retry-after: 1 was honoured");
        Assert.That(_github.Releases.Single().Draft, Is.False);
    }

    [Test]
    public async Task UploadStoredButAnsweredWithAnErrorIsRecognisedOnTheRetry()
    {
        _github.Inject(FakeFault.UploadStoredThenBadGateway);
        var result = await new GitHubPublisher(Request()).PublishAsync();
        var release = _github.Releases.Single();
        Assert.That(release.Uploads, Is.EqualTo(_bundle.ReleaseAssets.Count),
            "the stored asset was not uploaded twice");
        Assert.That(result.Uploaded, Has.Count.EqualTo(_bundle.ReleaseAssets.Count));
        Assert.That(release.Draft, Is.False);
    }

    [Test]
    public async Task UploadThatTimesOutAfterBeingStoredIsNotDuplicated()
    {
        _github.HangTime = TimeSpan.FromSeconds(4);
        _github.Inject(FakeFault.UploadStoredThenHang);
        var result = await new GitHubPublisher(Request() with { UploadTimeout = TimeSpan.FromSeconds(1) })
            .PublishAsync();
        var release = _github.Releases.Single();
        Assert.That(release.Uploads, Is.EqualTo(_bundle.ReleaseAssets.Count));
        Assert.That(_github.Count("POST upload:"), Is.EqualTo(_bundle.ReleaseAssets.Count + 1),
            "the timed-out upload was tried again and hit already_exists");
        Assert.That(result.Uploaded, Has.Count.EqualTo(_bundle.ReleaseAssets.Count));
    }

    [Test]
    public async Task CancellingEndsAPublishWhoseApiCallHangs()
    {
        // Shorter than Octokit's own timeout, so a publish deaf to the cancellation would get this answer first.
        _github.HangTime = TimeSpan.FromSeconds(30);
        _github.Inject(FakeFault.ApiHang);
        using var cancel = new CancellationTokenSource();
        var publish = new GitHubPublisher(Request()).PublishAsync(cancel.Token);
        while (_github.Holding == 0) await Task.Delay(50);
        cancel.Cancel();

        var e = Assert.CatchAsync<OperationCanceledException>(() => publish);
        Assert.That(e!.CancellationToken, Is.EqualTo(cancel.Token));
        Assert.That(_github.Holding, Is.EqualTo(1), "the publish ended while GitHub still held its answer");
    }

    [Test]
    public async Task TooManyRequestsAndServerErrorsOnApiCallsAreRetried()
    {
        _github.Inject(FakeFault.TooManyRequests);
        _github.Inject(FakeFault.ServiceUnavailable);
        var result = await new GitHubPublisher(Request()).PublishAsync();
        Assert.That(result.ReleaseCreated, Is.True);
        Assert.That(_github.Requests.Count(r => r == "GET /api/v3/repos/vvtv/vvtv/releases"), Is.EqualTo(3),
            "the listing was tried three times");
        Assert.That(_github.Releases.Single().Draft, Is.False);
    }

    [Test]
    public async Task PrimaryRateLimitWaitsForTheReset()
    {
        _github.Inject(FakeFault.PrimaryRateLimit);
        await new GitHubPublisher(Request()).PublishAsync();
        Assert.That(_github.Requests.Count(r => r == "GET /api/v3/repos/vvtv/vvtv/releases"), Is.EqualTo(2));
        Assert.That(_github.Releases.Single().Draft, Is.False);
    }

    [Test]
    public async Task NotesOverTheLimitAreCutWithAPointerToTheAsset()
    {
        var notes = "# GO\n" + new string('x', 130_000);
        var result = await new GitHubPublisher(Request(notes)).PublishAsync();
        var body = _github.Releases.Single().Body;
        Assert.That(result.NotesCut, Is.True);
        Assert.That(body.Length, Is.LessThanOrEqualTo(125_000));
        Assert.That(body, Does.StartWith("# GO\nxxx").And.EndWith(ReleaseNotes.CutLine));
        Assert.That(body, Does.Contain("decision.md"));
    }

    [Test]
    public void DryRunWritesAPlanAndTouchesNoNetwork()
    {
        var plan = Path.Combine(_dir, "publish-plan.json");
        PublishPlan.Write(Request() with { Token = null }, plan);
        using var doc = JsonDocument.Parse(File.ReadAllText(plan));
        Assert.That(doc.RootElement.GetProperty("dry_run").GetBoolean(), Is.True);
        Assert.That(doc.RootElement.GetProperty("tag").GetString(), Is.EqualTo("v1.4.0"));
        var archive = doc.RootElement.GetProperty("assets").EnumerateArray()
            .Single(a => a.GetProperty("name").GetString() == "vvtv-release-1.4.0.tar.gz");
        Assert.That(archive.GetProperty("sha256").GetString(), Is.EqualTo(Sha256File.Compute(_bundle.ArchivePath)));
        Assert.That(_github.Requests, Is.Empty);
        Assert.That(Request().ToString(), Does.Not.Contain(Token));
    }

    [Test]
    public async Task LogsNameTheStepsAndNeverTheToken()
    {
        var capture = new LogCapture();
        _github.Inject(FakeFault.UploadBadGateway);
        await new GitHubPublisher(Request(), capture.Logger).PublishAsync();
        await ReleasePublishing.RunAsync(Request(), Path.Combine(_dir, "unused-plan.json"), capture.Logger);

        Assert.That(capture.Lines, Has.Some.Contains("retry"));
        Assert.That(capture.Lines, Has.Some.Contains("upload assets").And.Some.Contains("skipped"));
        Assert.That(capture.Lines, Has.None.Contains(Token));
        Assert.That(File.Exists(Path.Combine(_dir, "unused-plan.json")), Is.False, "with a token there is no dry run");
    }

    [Test]
    public void EvidencePathsAreGroupedBySectionAndSafe()
    {
        Assert.That(BundlePaths.Evidence(BundlePaths.SectionOf("soak.verdict"), "Soak", "out/summary.json"),
            Is.EqualTo("evidence/soak/Soak/out/summary.json"));
        Assert.That(BundlePaths.Evidence("runbook", "Runbook", "../x y/..\\z"),
            Is.EqualTo("evidence/runbook/Runbook/-/x-y/-/z"));
    }

    [Test]
    public void WrongTokenFailsWithoutRetrying()
    {
        var ex = Assert.ThrowsAsync<Octokit.AuthorizationException>(
            () => new GitHubPublisher(Request() with { Token = "wrong" }).PublishAsync());
        Assert.That(ex, Is.Not.Null);
        Assert.That(_github.Requests, Has.Count.EqualTo(1));
    }
}
