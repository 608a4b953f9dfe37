using CliWrap;
using CliWrap.Buffered;
using Publishing;

namespace Build.Tests.Publishing;

/// <summary>The release source and changelog read from a real git checkout made in a temporary folder.</summary>
public sealed class ReleaseSourceTests
{
    private string _repo = "";

    [SetUp]
    public void SetUp()
    {
        _repo = Directory.CreateTempSubdirectory("vvtv-git-").FullName;
        Git("init", "-q", "-b", "main");
        Commit("chore: start");
        Git("tag", "v1.3.0");
        Commit("feat(api): alerts carry their source");
        Commit("fix: soak counts zero samples as a failure");
        Commit("docs: runbook wording");
    }

    [TearDown] public void TearDown() => Directory.Delete(_repo, recursive: true);

    private string Git(params string[] args)
    {
        var r = Cli.Wrap("git").WithArguments(["-c", "user.name=t", "-c", "user.email=t@example.org", .. args])
            .WithWorkingDirectory(_repo).ExecuteBufferedAsync().GetAwaiter().GetResult();
        return r.StandardOutput.Trim();
    }

    private void Commit(string subject)
    {
        File.AppendAllText(Path.Combine(_repo, "notes.txt"), subject + "\n");
        Git("add", "notes.txt");
        Git("commit", "-q", "-m", subject);
    }

    private string Head => Git("rev-parse", "HEAD");

    [Test]
    public async Task The_changelog_groups_the_commits_since_the_previous_tag_by_kind()
    {
        Git("tag", "v1.4.0");
        var log = await VvtvChangelog.ReadAsync(_repo, Head);
        Assert.That(log!.PreviousTag, Is.EqualTo("v1.3.0"),
            "the release's own tag on the commit is not the previous one");
        Assert.That(log.Groups.Select(g => (g.Title, g.Entries.Count)),
            Is.EqualTo(new[] { ("Features", 1), ("Bug fixes", 1), ("Others", 1) }));
        Assert.That(log.ToMarkdown(),
            Does.Contain("## VVTV changes since v1.3.0").And.Contain("feat(api): alerts carry")
            .And.Not.Contain("chore: start"));
        Assert.That(await VvtvChangelog.ReadAsync(Path.GetTempPath(), Head), Is.Null, "not a checkout: no changelog");
    }

    [Test]
    public async Task The_target_is_the_verified_commit_and_a_dirty_tree_describe_version_or_tag_elsewhere_is_refused()
    {
        var head = Head;
        Assert.That(await ReleaseSource.TargetAsync(head, ReleaseVersion.Parse("1.4.0"), _repo), Is.EqualTo(head));
        Assert.That(await ReleaseSource.TargetAsync("sandbox-" + new string('a', 64), ReleaseVersion.Parse("0.1.0"),
            null), Is.Null);

        Assert.That(() => ReleaseSource.TargetAsync(head + "-dirty", ReleaseVersion.Parse("1.4.0"), _repo),
            Throws.TypeOf<PublishException>().With.Message.Contains("uncommitted changes"));
        Assert.That(() => ReleaseSource.TargetAsync(head, ReleaseVersion.Parse("1.3.0-3-g" + head[..7]), _repo),
            Throws.TypeOf<PublishException>().With.Message.Contains("git describe of an untagged commit"));
        Assert.That(() => ReleaseSource.TargetAsync(head, ReleaseVersion.Parse("1.3.0"), _repo),
            Throws.TypeOf<PublishException>().With.Message.Contains("Tag v1.3.0 already exists").And.Message.Contains(
                "not on the verified"));

        Git("tag", "v1.4.0");
        Assert.That(() => ReleaseSource.TargetAsync(head, ReleaseVersion.Parse("1.5.0"), _repo),
            Throws.TypeOf<PublishException>().With.Message.Contains("is tagged v1.4.0, so its version is not 1.5.0"));
    }
}
