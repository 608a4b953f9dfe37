using Engine;

/// <summary>The GitHub Actions workflows, generated from the graph by <c>./build.sh Workflows</c>.</summary>
partial class Build
{
    const string GeneratedBy = "./build.sh Workflows";

    // The live-system gates run on the VVTV host; the repository variable lists its runner's labels as JSON.
    const string LiveRunner = "${{ fromJSON(vars.VVTV_RUNNER_LABELS || '[\"self-hosted\",\"vvtv\"]') }}";
    const string VvtvCheckout = "vvtv";
    const string SetupDotnet = "actions/setup-dotnet@v5";
    const string SetupNode = "actions/setup-node@v6";
    const string CheckoutAction = "actions/checkout@v6";
    const string AttestAction = "actions/attest-build-provenance@v3";
    // wrangler 4 needs Node 20+; 22 is the oldest line still maintained.
    const string NodeVersion = "22";

    static readonly string[] VvtvSecrets =
        ["VVTV_CONTROL_TOKEN", "VVTV_CONTROL_SECRET", "VVTV_CLOUDFLARE_TOKEN", "VVTV_CLOUDFLARE_SECRET",
            "CLOUDFLARE_API_TOKEN"];

    [Parameter("Folder the Workflows target writes to. Default: .github/workflows")]
    readonly AbsolutePath? WorkflowsDirectory;

    Target Workflows => _ => _
        .Description("Writes .github/workflows/ci.yml, release.yml and rehearsal.yml from the graph")
        .Executes(() => GitHubWorkflows.Write(this, WorkflowsDirectory ?? RootDirectory / ".github" / "workflows",
            GeneratedBy,
            Ci, ReleaseWorkflow, RehearsalWorkflow));

    // Every test of the repository, as the README runs them. A hosted runner has Chrome and shellcheck installed;
    // the Worker tests need Node. On a pull request a newer push cancels the run it supersedes.
    static GitHubWorkflow Ci => new GitHubWorkflow("ci")
        .OnPush()
        .OnPullRequest()
        .Permission("contents", "read")
        .Concurrency("ci-${{ github.ref }}", "${{ github.event_name == 'pull_request' }}")
        .Job("test", _ => _
            .RunsOn("ubuntu-latest")
            // The whole suite took about 40 min on this 2-core machine; a hosted runner has 4 cores, the margin is for
            // a slow day.
            .TimeoutMinutes(90)
            .Uses(SetupDotnet, ("global-json-file", "global.json"))
            .Uses(SetupNode, ("node-version", NodeVersion))
            .Run("dotnet test ${VVTV_TEST_FILTER:+--filter \"$VVTV_TEST_FILTER\"}"));

    // One job per gate, so the 24 h soak runs on a machine of our own (hosted jobs stop at 6 h) and a restarted runner
    // costs one gate, not the day. Every job proves the same VVTV checkout and continues the same release run
    // (keyed by the workflow run, so a re-run attempt continues it); artifacts/runs travels between jobs.
    static GitHubWorkflow ReleaseWorkflow => Chain(new GitHubWorkflow("release")
            .OnWorkflowDispatch(
                new WorkflowInput("vvtv-ref", "VVTV tag, branch or commit to release", null, Required: true),
                new WorkflowInput("version", "Version to release (tag v<version>). Default: VVTV's git description",
                    "ReleaseVersion"),
                new WorkflowInput("soak-hours", "Soak length in hours (checklist: 24)", "SoakHours"),
                new WorkflowInput("maintenance-window",
                    "true: the Runbook's restores may overwrite the live state db", null))
            .OnPushTags("v*")
            // One release of a version at a time, never cancelled half-way: a second run waits.
            .Concurrency("release-${{ inputs.version || inputs.vvtv-ref || github.ref_name }}"), live: true)
        .EveryJob(_ => _
            .ImportSecrets(VvtvSecrets)
            // Signs every job's run (SHA256SUMS.sig) so the next job adopts only what this workflow proved.
            .ImportSecrets("SIGNING_KEY")
            .Env("VVTV_ENV", "production")
            .Env("VVTV_CLOUDFLARE_BASE_URL", "${{ vars.VVTV_CLOUDFLARE_BASE_URL }}"))
        .Job<ITest>(x => x.Test, _ => Hosted(_))
        .Job<ISecurity>(x => x.Security, _ => Hosted(_))
        .Job<IGoLive>(x => x.GoLive, _ => Hosted(_))
        .Job<ICloudflareVerify>(x => x.CloudflareVerify, _ => Hosted(_))
        .Job<IRunbook>(x => x.Runbook, _ => Live(_)
            .Env("MAINTENANCE_WINDOW", "${{ inputs.maintenance-window || vars.VVTV_MAINTENANCE_WINDOW || 'false' }}"))
        .Job<ISoak>(x => x.Soak, _ => Live(_)
            .TimeoutMinutes(26 * 60))
        .Job<ICanary>(x => x.Canary, _ => Live(_)
            .TimeoutMinutes(3 * 60))
        .Job<IPromote>(x => x.Promote, _ => Live(_)
            .InEnvironment("production"))
        .Job<IRelease>(x => x.Release, _ => Live(_)
            .InEnvironment("production")
            // The release goes to VVTV's repository, where the verified commit is (target_commitish); this
            // repository's own token cannot write there, so a token that can is a secret of its own.
            .Env("GITHUB_TOKEN", "${{ secrets.VVTV_RELEASE_TOKEN || secrets.GITHUB_TOKEN }}")
            .Argument("GithubRepository", "${{ vars.VVTV_REPOSITORY || 'danvoulez/voulezvous-tv' }}")
            .Permission("contents", "write")
            .Permission("id-token", "write")
            .Permission("attestations", "write")
            .UsesAfter("Attest the published assets", AttestAction,
                ("subject-path", "artifacts/release/*/*.tar.gz\nartifacts/release/*/SHA256SUMS\n")));

    // The same chain on the bundled sandbox, every job on a hosted runner: tries the workflow without touching
    // production. Nothing is published (no GITHUB_TOKEN: the Release job writes publish-plan.json).
    static GitHubWorkflow RehearsalWorkflow => Chain(new GitHubWorkflow("rehearsal")
            .OnWorkflowDispatch(new WorkflowInput("soak-hours", "Soak length in hours (sandbox default: 5 samples)",
                "SoakHours"))
            .Concurrency("rehearsal-${{ github.ref }}", "true"), live: false);

    static GitHubWorkflow Chain(GitHubWorkflow workflow, bool live) => workflow
        .Permission("contents", "read")
        .EveryJob(_ => _
            .RunsOn("ubuntu-latest")
            .TimeoutMinutes(60)
            .Uses(SetupDotnet, ("global-json-file", "global.json"))
            .Argument("ReleaseRun", "${{ github.run_id }}"))
        .HandOn("artifacts/runs")
        .JobPerTarget<IRelease>(x => x.Release)
        // Each job's own run stops what it started; a cleanup job on a fresh runner would find nothing.
        .WithoutJob<ICleanup>(x => x.Cleanup)
        .Job<ICloudflareVerify>(x => x.CloudflareVerify, _ => _
            .Uses(SetupNode, ("node-version", NodeVersion)))
        .Job<ISoak>(x => x.Soak, _ => _
            .TimeoutMinutes(live ? 26 * 60 : 60));

    const string VvtvRef = "${{ github.event_name == 'workflow_dispatch' && inputs.vvtv-ref || github.ref_name }}";

    // A gate that only builds and checks: a fresh full clone of VVTV at the requested ref on a hosted runner.
    static GitHubJob Hosted(GitHubJob job) => job
        .UsesAs("Check out VVTV", CheckoutAction,
            ("repository", "${{ vars.VVTV_REPOSITORY || 'danvoulez/voulezvous-tv' }}"),
            ("ref", VvtvRef),
            ("path", VvtvCheckout),
            ("fetch-depth", "0"),
            ("token", "${{ secrets.VVTV_CHECKOUT_TOKEN || github.token }}"),
            ("persist-credentials", "false"))
        .Argument("VvtvRoot", $"\"$GITHUB_WORKSPACE/{VvtvCheckout}\"");

    // A live job runs on the VVTV host, in the deployment's own checkout at VVTV_LIVE_ROOT: its runtime/ (state db,
    // keys, backups, canary results, promotion records) persists there between jobs and releases, inside the workspace
    // the gates check paths against. The job moves that checkout to the requested ref (tracked files only: git never
    // touches the ignored runtime/) and stops before any gate runs when it is not a checkout or has no runtime/.
    static GitHubJob Live(GitHubJob job) => job
        .RunsOn(LiveRunner)
        .Env("VVTV_LIVE_ROOT", "${{ vars.VVTV_LIVE_ROOT }}")
        .Prepare("Update the live VVTV checkout", """
            if [ -z "$VVTV_LIVE_ROOT" ] || [ ! -d "$VVTV_LIVE_ROOT/.git" ]; then
              echo "::error title=No live VVTV checkout::VVTV_LIVE_ROOT ('$VVTV_LIVE_ROOT') is not a git checkout" \
                "on this runner; set the repository variable to the VVTV deployment's checkout"
              exit 1
            fi
            if [ ! -d "$VVTV_LIVE_ROOT/runtime" ]; then
              echo "::error title=No live VVTV runtime::$VVTV_LIVE_ROOT has no runtime/ folder;" \
                "refusing to release on an empty copy of the live state"
              exit 1
            fi
            git -C "$VVTV_LIVE_ROOT" fetch --quiet --force --tags origin "$VVTV_REF"
            git -C "$VVTV_LIVE_ROOT" -c advice.detachedHead=false checkout --quiet --force --detach FETCH_HEAD
            """,
            ("VVTV_LIVE_ROOT", "${{ vars.VVTV_LIVE_ROOT }}"),
            ("VVTV_REF", VvtvRef))
        .Argument("VvtvRoot", "\"$VVTV_LIVE_ROOT\"");
}
