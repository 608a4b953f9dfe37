using System.Reflection;
using Engine;

/// <summary>
/// Checklist section "Go/No-Go criteria": decide from the evidence, bundle it, publish the GitHub release.
/// </summary>
interface IRelease : IHazVvtvWorkspace
{
    [Parameter("Version to release; the tag is v<version>. Default: the workspace's git description, else its Cargo " +
               "version")]
    string? ReleaseVersion => this.TryGetValue(() => ReleaseVersion);

    [Parameter("GitHub repository to publish to, as owner/name. Default: GITHUB_REPOSITORY on Actions, else the " +
               "workspace's origin remote")]
    string? GithubRepository => this.TryGetValue(() => GithubRepository);

    [Parameter("GitHub API base URL (for GitHub Enterprise)")]
    string GithubApiUrl => this.TryGetValue(() => GithubApiUrl) ?? "https://api.github.com";

    [Parameter("Token that publishes the release (GITHUB_TOKEN); without it, a dry run writes publish-plan.json")]
    [Secret]
    string? GithubToken => this.TryGetValue(() => GithubToken);

    [Parameter("Replace release assets whose content differs from the bundle instead of failing")]
    bool ReplaceAssets => this.TryGetValue<bool?>(() => ReplaceAssets) ?? false;

    /// <summary>The release of this build: its request, run and evidence sources; built when Release starts.</summary>
    ReleaseContext ReleaseContext { get; }

    Target Release => _ => _
        .Description("Go/No-Go from the evidence plus a live /v1/alerts check, deterministic bundle with report, " +
                     "GitHub release (dry run without GITHUB_TOKEN)")
        .DependsOn<ICloudflareVerify>(x => x.CloudflareVerify)
        .Produces("artifacts/release/**")
        .Executes(ct => new DecidePipe().RunAsync(ReleaseContext, ct))
        .Executes(ct => new BundlePipe().RunAsync(ReleaseContext, ct))
        .Executes(ct => new PublishPipe().RunAsync(ReleaseContext, ct));

    /// <summary>Every problem with the release's parameters, each naming its parameter.</summary>
    IEnumerable<string> ReleaseProblems()
    {
        if (ReleaseVersion is { } version && !Publishing.ReleaseVersion.TryParse(version, out _, out var v))
            yield return $"--release-version '{ReleaseParameters.Printable(version)}' is not a release version: {v}. " +
                         "Use a semantic version such as 1.4.0 or 1.4.0-rc.1 (no leading 'v')";
        if (GithubRepository is { Length: > 0 } repository && ReleaseParameters.RepositoryProblem(repository) is { } r)
            yield return $"--github-repository {r}";
        if (ReleaseParameters.ApiBaseUrl(GithubApiUrl) is null)
            yield return $"--github-api-url '{GithubApiUrl}' is not an absolute http(s) URL";
    }

    /// <summary>The request of this build's release: its parameters, and what ran in this process so far.</summary>
    ReleaseRequest ReleaseRequest()
    {
        var plan = ((NukeBuild)this).ExecutionPlan;
        return new ReleaseRequest
        {
            Version = ReleaseVersion,
            Repository = GithubRepository,
            GithubApiUrl = GithubApiUrl,
            Token = GithubToken,
            ReplaceAssets = ReplaceAssets,
            Signer = Signer,
            Signers = AllowedSigners,
            MakeLatest = MakeLatest ?? "true",
            ReleaseDirectory = ArtifactsDirectory / "release",
            RanHere = plan.Where(t => t.Status is TargetStatus.Succeeded).Select(t => t.Name)
                .ToHashSet(StringComparer.Ordinal),
            TargetsRan = plan
                .Where(t => t.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted)
                .Select(t => new RunFacts.TargetRun(t.Name, t.Status.ToString(), (long)t.Duration.TotalMilliseconds))
                .ToList(),
            GateParameters = GateParameters(),
        };
    }

    // Gate parameters only: the release's own (version, repository, token...) describe where it goes, not what was
    // proved.
    private Dictionary<string, string> GateParameters()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = GetType().GetInterfaces().Where(i => i != typeof(IRelease)).SelectMany(i => i.GetProperties())
            .Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null
                        && p.GetCustomAttribute<SecretAttribute>() is null);
        foreach (var p in members)
            if (RunFacts.Text(p.GetValue(this)) is { } text) values[p.Name] = text;
        return values;
    }
}
