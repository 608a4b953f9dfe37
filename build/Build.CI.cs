using Engine;

/// <summary>The GitHub Actions workflows, generated from the graph by <c>./build.sh Workflows</c>.</summary>
partial class Build
{
    const string GeneratedBy = "./build.sh Workflows";

    [Parameter("Folder the Workflows target writes to. Default: .github/workflows")]
    readonly AbsolutePath? WorkflowsDirectory;

    Target Workflows => _ => _
        .Description("Writes .github/workflows/ci.yml and release.yml from the graph")
        .Executes(() => GitHubWorkflows.Write(this, WorkflowsDirectory ?? RootDirectory / ".github" / "workflows", GeneratedBy, Ci, ReleaseWorkflow));

    // Every test of the repository, as the README runs them; the Worker tests need Node.
    static GitHubWorkflow Ci => new GitHubWorkflow("ci")
        .OnPush()
        .OnPullRequest()
        .Permission("contents", "read")
        .Job("test", _ => _
            .RunsOn("ubuntu-latest")
            .TimeoutMinutes(45)
            .Uses("actions/setup-dotnet@v4", ("global-json-file", "global.json"))
            .Uses("actions/setup-node@v4", ("node-version", "20"))
            .Run("dotnet test"));

    // One job per gate, so the 24 h soak runs on a machine of our own (hosted jobs stop at 6 h)
    // and a restarted runner costs one gate, not the day. Evidence travels between jobs as artifacts.
    static GitHubWorkflow ReleaseWorkflow => new GitHubWorkflow("release")
        .OnWorkflowDispatch(
            new WorkflowInput("version", "Version to release (tag v<version>)", "ReleaseVersion"),
            new WorkflowInput("soak-hours", "Soak length in hours (checklist: 24)", "SoakHours"))
        .OnPushTags("v*")
        .Permission("contents", "read")
        .EveryJob(_ => _
            .RunsOn("ubuntu-latest")
            .TimeoutMinutes(60)
            .ImportSecrets("VVTV_CONTROL_TOKEN", "VVTV_CONTROL_SECRET", "VVTV_CLOUDFLARE_TOKEN", "VVTV_CLOUDFLARE_SECRET", "CLOUDFLARE_API_TOKEN")
            .Env("VVTV_CLOUDFLARE_BASE_URL", "${{ vars.VVTV_CLOUDFLARE_BASE_URL }}"))
        .HandOn("artifacts/runs")
        .JobPerTarget<IRelease>(x => x.Release)
        // Each job's own run stops what it started; a cleanup job on a fresh runner would find nothing.
        .WithoutJob<ICleanup>(x => x.Cleanup)
        .Job<ISoak>(x => x.Soak, _ => _
            .RunsOn("self-hosted")
            .TimeoutMinutes(26 * 60))
        .Job<ICanary>(x => x.Canary, _ => _
            .RunsOn("self-hosted")
            .TimeoutMinutes(3 * 60))
        .Job<ICloudflareVerify>(x => x.CloudflareVerify, _ => _
            .Uses("actions/setup-node@v4", ("node-version", "20")))
        .Job<IRelease>(x => x.Release, _ => _
            .ImportSecrets("GITHUB_TOKEN")
            .Permission("contents", "write"));
}
