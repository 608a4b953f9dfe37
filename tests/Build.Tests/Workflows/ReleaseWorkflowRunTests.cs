using System.Security.Cryptography;
using Build.Tests.Publishing.FakeGitHub;
using Checklist;
using Cloudflare;
using CliWrap;
using CliWrap.Buffered;
using Engine;
using Tests.Shared;

namespace Build.Tests.Workflows;

/// <summary>
/// The committed release.yml, run job by job the way GitHub runs it (<see cref="LocalWorkflowRun"/>), releasing a VVTV
/// repository: the sandbox workspace committed into a local git repository and tagged, with the sandbox's cargo first
/// on the runner's PATH. The live jobs run in a clone that persists between jobs with its runtime/, as the VVTV
/// host's deployment does; CloudflareVerify checks a "deployed" Worker (wrangler dev, migrated) and reads its D1
/// state; GitHub is the fake one.
/// The first attempt has a high alert during the canary: it ends NO-GO and publishes nothing. Re-running the failed
/// jobs
/// (attempt 2, same run id) without the fault continues the same release to GO and publishes it once.
/// The jobs run the repository's committed HEAD (each job clones it): commit before running this test.
/// </summary>
// The suite's longest fixture: it starts first (Support/OrderAcrossNamespacesAttribute), not last by namespace.
[TestFixture]
[Order(1)]
[Parallelizable]
[Category("Workflow")]
public sealed class ReleaseWorkflowRunTests
{
    private const string BuildRepository = "danvoulez/vvtv-release";
    private const string VvtvRepository = "danvoulez/voulezvous-tv";

    private string _dir = null!;
    private FakeGitHubServer _github = null!;
    private WranglerDevServer _worker = null!;
    private EndsWithTestHost? _workerTie;
    private LocalWorkflowRun _run = null!;
    private Dictionary<string, string> _secrets = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        _dir = Directory.CreateTempSubdirectory("vvtv-release-workflow-").FullName;
        var vvtv = Path.Combine(_dir, "voulezvous-tv");
        SandboxCopy(Repository.PathOf("sandbox", "workspace"), vvtv);
        await Git(vvtv, "init", "-q", "-b", "main");
        await Git(vvtv, "add", "-A");
        await Git(vvtv, "-c", "user.name=vvtv", "-c", "user.email=vvtv@example.invalid", "commit", "-qm", "VVTV 1.0.0");
        await Git(vvtv, "tag", "v1.0.0");
        // The VVTV host's deployment: a full clone whose runtime/ holds the live state between jobs.
        var live = Path.Combine(_dir, "live-vvtv");
        await Git(_dir, "clone", "-q", vvtv, live);
        Directory.CreateDirectory(Path.Combine(live, "runtime"));

        _secrets = new Dictionary<string, string>
        {
            ["VVTV_CONTROL_TOKEN"] = Secret("ctl"),
            ["VVTV_CONTROL_SECRET"] = Secret("sec"),
            ["VVTV_CLOUDFLARE_TOKEN"] = Secret("cft"),
            ["VVTV_CLOUDFLARE_SECRET"] = Secret("cfs"),
            ["CLOUDFLARE_API_TOKEN"] = Secret("cfa"),
            ["GITHUB_TOKEN"] = Secret("ght"),
        };
        _github = new FakeGitHubServer(_secrets["GITHUB_TOKEN"]);
        var (worker, state) = await DeployedWorkerAsync();
        _worker = worker;
        // In a session of its own: a killed test host, which runs no CleanUp, would leave it serving.
        _workerTie = new EndsWithTestHost(worker.ProcessGroup);

        var sha = (await Cli.Wrap("git").WithArguments(["rev-parse", "HEAD"]).WithWorkingDirectory(Repository.Root)
            .ExecuteBufferedAsync()).StandardOutput.Trim();
        _run = new LocalWorkflowRun(Repository.PathOf(".github", "workflows", "release.yml"), new WorkflowRunSettings(
            new WorkflowEvent("workflow_dispatch", "refs/heads/main", new Dictionary<string, string>
            {
                ["vvtv-ref"] = "v1.0.0", ["version"] = "1.0.0", ["soak-hours"] = "0", ["maintenance-window"] = "true",
            }),
            WorkDirectory: _dir,
            BuildRepository: Repository.Root,
            Sha: sha,
            Repository: BuildRepository,
            Repositories: new Dictionary<string, string> { [BuildRepository] = Repository.Root,
                [VvtvRepository] = vvtv },
            Secrets: _secrets,
            // VVTV_REPOSITORY and VVTV_RUNNER_LABELS are left to their defaults.
            Variables: new Dictionary<string, string>
            {
                ["VVTV_LIVE_ROOT"] = live,
                ["VVTV_CLOUDFLARE_BASE_URL"] = worker.BaseUrl,
            },
            // The runner host's own environment: the sandbox's cargo as the runner's cargo, short soaks, the Worker's
            // D1.
            RunnerEnvironment: new Dictionary<string, string?>
            {
                ["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
                ["SOAK_INTERVAL_SECS"] = "1",
                ["SOAK_MAX_SAMPLES"] = "3",
                ["CANARY_SOAK_HOURS"] = "0",
                ["CANARY_SOAK_INTERVAL_SECS"] = "1",
                ["CANARY_SOAK_MAX_SAMPLES"] = "2",
                ["CLOUDFLARE_D1_STATE"] = state,
            },
            ApiUrl: _github.ApiBase.ToString().TrimEnd('/')));
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        if (_worker is not null) await _worker.DisposeAsync();
        _workerTie?.Dispose();
        _github?.Dispose();
        if (_run is not null)
            foreach (var job in _run.History) TestContext.Out.WriteLine(
                $"===== {job.Id} attempt {job.Attempt}: {job.Conclusion}\n{Tail(job.Log)}");
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Test, Order(1)]
    public async Task A_high_alert_during_the_canary_ends_no_go_and_publishes_nothing()
    {
        await _run.RunAsync(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["canary"] = new Dictionary<string, string> { ["VVTV_SIM_FAULTS"] = "high-alert" },
        });
        var jobs = _run.Jobs;
        Assert.That(_run.JobIds, Is.EqualTo(new[] { "test", "security", "go-live", "runbook", "soak", "canary",
            "promote", "cloudflare-verify", "release" }));
        foreach (var id in new[] { "test", "security", "go-live", "runbook", "soak" })
            Assert.That(jobs[id].Conclusion, Is.EqualTo("success"), $"{id}:\n{Tail(jobs[id].Log)}");
        Assert.That(jobs["canary"].Conclusion, Is.EqualTo("failure"), Tail(jobs["canary"].Log));
        Assert.That(jobs["canary"].Errors, Has.Some.Contains("Canary"), "the failed target is annotated");
        foreach (var id in new[] { "promote", "cloudflare-verify", "release" }) Assert.That(jobs[id].Conclusion,
            Is.EqualTo("skipped"));
        Assert.That(_github.Releases, Is.Empty, "NO-GO publishes nothing");
        var decision = Decisions("handoff-canary").Single(d => d.Items.Any(i => i.Id.StartsWith("canary.",
            StringComparison.Ordinal)
                                                                             && i.Status == ItemStatus.Fail));
        Assert.That(decision.Decision, Is.EqualTo("NO-GO"));

        // Where each job ran, as GitHub would place it.
        foreach (var id in new[] { "test", "security", "go-live" }) Assert.That(jobs[id].RunsOn,
            Is.EqualTo(new[] { "ubuntu-latest" }));
        foreach (var id in new[] { "runbook", "soak", "canary" }) Assert.That(jobs[id].RunsOn,
            Is.EqualTo(new[] { "self-hosted", "vvtv" }));
        Assert.That(jobs["test"].StepsRun, Does.Contain("Check out VVTV"));
        Assert.That(jobs["runbook"].StepsRun, Does.Contain("Update the live VVTV checkout"));
        Assert.That(jobs["test"].Summary, Does.Contain("| Test | Succeeded |"), "the build wrote the step summary");
        Assert.That(jobs["test"].Log, Does.Contain("::group::Test"), "a log group per target");
        Assert.That(jobs["test"].Log, Does.Contain("::add-mask::***"), "the build registered the secrets it knows");
    }

    [Test, Order(2)]
    public async Task Re_running_the_failed_jobs_without_the_fault_continues_the_same_release_to_go()
    {
        Assume.That(_run.Attempt, Is.EqualTo(1), "runs after the first attempt");
        await _run.RerunFailedAsync();
        var jobs = _run.Jobs;
        foreach (var id in new[] { "canary", "promote", "cloudflare-verify", "release" })
        {
            Assert.That(jobs[id].Attempt, Is.EqualTo(2), id);
            Assert.That(jobs[id].Conclusion, Is.EqualTo("success"), $"{id}:\n{Tail(jobs[id].Log)}");
        }
        Assert.That(jobs["soak"].Attempt, Is.EqualTo(1), "a job that succeeded is not re-run");
        Assert.That(jobs["promote"].Environment, Is.EqualTo("production"));
        Assert.That(jobs["release"].Environment, Is.EqualTo("production"));
        Assert.That(jobs["promote"].RunsOn, Is.EqualTo(new[] { "self-hosted", "vvtv" }));

        var release = _github.Releases.Single();
        Assert.That(release.Tag, Is.EqualTo("v1.0.0"));
        Assert.That(release.Assets.Select(a => a.Name), Does.Contain("vvtv-release-1.0.0.tar.gz"));
        // One body of evidence: the release job's hand-on holds one run, of this workflow run, deciding GO.
        // release-runs/ beside the runs is the key index (--release-run), not a run.
        var runs = Directory.GetDirectories(Path.Combine(_run.ArtifactStore, "handoff-release", "runs"))
            .Where(d => RunId.IsValid(Path.GetFileName(d))).ToArray();
        Assert.That(runs, Has.Length.EqualTo(1), "every job continued the same release run: " + string.Join(", ",
            runs.Select(Path.GetFileName)));
        Assert.That(DecisionFile.Load(Path.Combine(runs[0], DecisionFile.JsonName)).Decision, Is.EqualTo("GO"));
        var attestation = Directory.GetFiles(Path.Combine(_dir, "attestations")).Single();
        Assert.That(File.ReadAllText(attestation), Does.Contain("vvtv-release-1.0.0.tar.gz"),
            "the published archive is attested");
    }

    private IEnumerable<DecisionDocument> Decisions(string artifact) =>
        Directory.EnumerateFiles(Path.Combine(_run.ArtifactStore, artifact), DecisionFile.JsonName,
            SearchOption.AllDirectories)
            .Select(DecisionFile.Load);

    // The "deployed" Worker: the sandbox's, migrated, serving with the sync credentials the secrets hold.
    private async Task<(WranglerDevServer Server, string State)> DeployedWorkerAsync()
    {
        var directory = AbsolutePath.Create(Path.Combine(_dir, "deployed-worker"));
        SandboxCopy(Repository.PathOf("sandbox", "workspace", "cloudflare", "worker"), directory);
        var modules = await WorkerPackages.EnsureInstalledAsync(directory,
            AbsolutePath.Create(Repository.PathOf("sandbox", ".artifacts", "worker-node_modules")));
        var wrangler = new Wrangler(directory, modules);
        var state = directory / "state";
        await wrangler.ApplyMigrationsAsync(D1Location.Local(state));
        var secrets = directory / "secrets.env";
        File.WriteAllLines(secrets, [$"CONTROL_TOKEN={_secrets["VVTV_CLOUDFLARE_TOKEN"]}",
            $"CONTROL_SECRET={_secrets["VVTV_CLOUDFLARE_SECRET"]}"]);
        return (await WranglerDevServer.StartAsync(wrangler, D1Location.Local(state), secrets,
            directory / "wrangler-dev.log"), state);
    }

    private static void SandboxCopy(string from, string to) =>
        Cloudflare.SandboxBuildRoot.CopyTree(from, to, "node_modules", ".wrangler", "runtime", "target", ".dev.vars");

    private static Task Git(string directory, params string[] arguments) =>
        Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(directory).ExecuteAsync();

    private static string Secret(string prefix)
        => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(60));
}
