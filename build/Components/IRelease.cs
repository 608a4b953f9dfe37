using Engine;

/// <summary>Checklist section "Go/No-Go criteria": decide from the evidence, bundle it, publish the GitHub release.</summary>
interface IRelease : IHazVvtvWorkspace
{
    [Parameter("Version to release; the tag is v<version>. Default: the workspace's git description, else its Cargo version")]
    string? ReleaseVersion => this.TryGetValue(() => ReleaseVersion);

    [Parameter("GitHub repository to publish to, as owner/name. Default: GITHUB_REPOSITORY on Actions, else the workspace's origin remote")]
    string? GithubRepository => this.TryGetValue(() => GithubRepository);

    [Parameter("GitHub API base URL (for GitHub Enterprise)")]
    string GithubApiUrl => this.TryGetValue(() => GithubApiUrl) ?? "https://api.github.com";

    [Parameter("Token that publishes the release (GITHUB_TOKEN); without it, a dry run writes publish-plan.json"), Secret]
    string? GithubToken => this.TryGetValue(() => GithubToken);

    [Parameter("Replace release assets whose content differs from the bundle instead of failing")]
    bool ReplaceAssets => this.TryGetValue<bool?>(() => ReplaceAssets) ?? false;

    Target Release => _ => _
        .Description("Go/No-Go from the evidence plus a live /v1/alerts check, deterministic bundle with report, GitHub release (dry run without GITHUB_TOKEN)")
        .DependsOn<ICloudflareVerify>(x => x.CloudflareVerify)
        .Produces("artifacts/release/**")
        .Executes(ct => ReleaseJob.Of(this).DecideAsync(ct))
        .Executes(() => ReleaseJob.Of(this).Bundle())
        .Executes(ct => ReleaseJob.Of(this).PublishAsync(ct));
}
