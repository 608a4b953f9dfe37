using Engine;

/// <summary>Checklist section "Go/No-Go criteria".</summary>
interface IRelease : IHazVvtvWorkspace
{
    [Parameter("Version to release; the tag is v<version>")]
    string? ReleaseVersion => this.TryGetValue(() => ReleaseVersion);

    [Parameter("GitHub repository to publish to, as owner/name. Default: GITHUB_REPOSITORY on Actions")]
    string? GithubRepository => this.TryGetValue(() => GithubRepository);

    [Parameter("GitHub API base URL (for GitHub Enterprise)")]
    string GithubApiUrl => this.TryGetValue(() => GithubApiUrl) ?? "https://api.github.com";

    [Parameter("Token that publishes the release (GITHUB_TOKEN); without it, a dry run writes publish-plan.json"), Secret]
    string? GithubToken => this.TryGetValue(() => GithubToken);

    Target Release => _ => _
        .Description("Go/No-Go from the evidence, deterministic bundle with report, GitHub release (dry run without GITHUB_TOKEN)")
        .DependsOn<ICloudflareVerify>(x => x.CloudflareVerify)
        .Executes(() => NotImplementedYet.Fail("Release", "deciding, bundling and publishing are built by the release issue"));
}
