using Checklist;
using Cloudflare;
using Engine;
using Tests.Shared;

namespace Build.Tests.Cloudflare;

/// <summary>
/// Remote mode rehearsed against a local Worker started without its migration: the gate reads D1 from that Worker's
/// state folder instead of --remote, never changes it unless told, fails naming the pending migration, and passes once
/// allowed to apply it. Ordered: the second test applies what the first one found pending.
/// </summary>
[TestFixture]
[Parallelizable]
public sealed class CloudflareVerifyRemoteTests
{
    private const string Token = "remote-rehearsal-token-5f0c1e";
    private const string Secret = "remote-rehearsal-secret-a93b7d";

    private SandboxBuildRoot _root = null!;
    private AbsolutePath _worker;
    private Wrangler _wrangler = null!;
    private WranglerDevServer _devServer = null!;

    private AbsolutePath State => _worker / "state";

    [OneTimeSetUp]
    public async Task StartUnmigratedWorker()
    {
        // The builds reach the wrangler dev this fixture starts on its own loopback: they run there, taking turns.
        _root = new SandboxBuildRoot(ownNetwork: false);
        _worker = AbsolutePath.Create(Path.Combine(_root.Path, "deployed-worker"));
        SandboxBuildRoot.CopyTree(Repository.PathOf("sandbox", "workspace", "cloudflare", "worker"), _worker,
            "node_modules", ".wrangler", ".dev.vars");
        var modules = await WorkerPackages.EnsureInstalledAsync(_worker,
            AbsolutePath.Create(Repository.PathOf("sandbox", ".artifacts", "worker-node_modules")));
        _wrangler = new Wrangler(_worker, modules);
        var secrets = _worker / "secrets.env";
        File.WriteAllLines(secrets, [$"CONTROL_TOKEN={Token}", $"CONTROL_SECRET={Secret}"]);
        _devServer = await WranglerDevServer.StartAsync(_wrangler, D1Location.Local(State), secrets,
            _worker / "wrangler-dev.log");
    }

    [OneTimeTearDown]
    public async Task StopWorker()
    {
        if (_devServer is not null) await _devServer.DisposeAsync();
        _root.Dispose();
    }

    private Task<CliWrap.Buffered.BufferedCommandResult> RemoteCheckAsync(params string[] extra) =>
        _root.BuildAsync(
            new Dictionary<string, string?> { ["VVTV_CLOUDFLARE_TOKEN"] = Token, ["VVTV_CLOUDFLARE_SECRET"] = Secret },
            ["CloudflareVerify", "--skip", "--cloudflare-mode", "remote", "--cloudflare-base-url", _devServer.BaseUrl,
                "--cloudflare-d1-state", State, .. extra]);

    // An early check that fails (a sync token too short) hides none of the later ones: all four items are checked and
    // recorded, each with its own outcome, and the failure names every failed one.
    [Test, Order(0)]
    public async Task An_early_failure_leaves_every_item_checked_and_named()
    {
        var result = await _root.BuildAsync(
            new Dictionary<string, string?> { ["VVTV_CLOUDFLARE_TOKEN"] = "short",
                ["VVTV_CLOUDFLARE_SECRET"] = Secret },
            ["CloudflareVerify", "--skip", "--cloudflare-mode", "remote", "--cloudflare-base-url", _devServer.BaseUrl,
                "--cloudflare-d1-state", State]);
        var output = result.StandardOutput + result.StandardError;
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), output);
        var items = SandboxBuildRoot.CloudflareItems(_root.RunDirOf(result));
        Assert.That(items, Has.Count.EqualTo(4), output);
        Assert.That(items[CloudflareChecks.SyncVariablesItem].Status, Is.EqualTo(ItemStatus.Fail));
        Assert.That(items[CloudflareChecks.SyncVariablesItem].Reason, Does.Contain("characters long"));
        Assert.That(items[CloudflareChecks.D1Migration].Status, Is.EqualTo(ItemStatus.Fail));
        Assert.That(items[CloudflareChecks.D1Migration].Reason, Does.Contain("0001_init.sql"));
        // The unmigrated Worker has no status table to answer /v1/status from: its own failure, not the token's.
        Assert.That(items[CloudflareChecks.WorkerDeployed].Status, Is.EqualTo(ItemStatus.Fail));
        Assert.That(items[CloudflareChecks.WorkerDeployed].Reason, Does.Contain("/v1/status"));
        Assert.That(items[CloudflareChecks.LatestReports].Status, Is.EqualTo(ItemStatus.Fail));
        foreach (var failed in new[] { CloudflareChecks.SyncVariablesItem, CloudflareChecks.D1Migration,
                     CloudflareChecks.WorkerDeployed, CloudflareChecks.LatestReports })
            Assert.That(output, Does.Contain($"{failed}: "), $"the failure names {failed}");
    }

    [Test, Order(1)]
    public async Task A_pending_migration_fails_the_gate_by_name_and_is_not_applied()
    {
        var result = await RemoteCheckAsync();
        var output = result.StandardOutput + result.StandardError;
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), output);
        Assert.That(output,
            Does.Contain("cloudflare.d1-migration: pending D1 migration(s) on the deployed Worker")
                .And.Contain("0001_init.sql"));
        Assert.That(output, Does.Contain("--cloudflare-apply-migrations"));

        var items = SandboxBuildRoot.CloudflareItems(_root.RunDirOf(result));
        Assert.That(items[CloudflareChecks.D1Migration].Status, Is.EqualTo(ItemStatus.Fail));
        Assert.That(items[CloudflareChecks.D1Migration].Reason, Does.Contain("0001_init.sql"));
        Assert.That(items[CloudflareChecks.SyncVariablesItem].Status, Is.EqualTo(ItemStatus.Pass),
            "the rehearsal's sync variables are fit");
        // wrangler d1 migrations list creates its empty bookkeeping table itself; nothing may be applied. Both
        // statements in one wrangler start (each start costs seconds of CPU loading wrangler).
        var read = await _wrangler.QueryAsync(D1Location.Local(State),
            "SELECT name FROM sqlite_master WHERE type = 'table'; SELECT name FROM d1_migrations");
        Assert.That(read.Sets, Has.Count.EqualTo(2), read.Json);
        Assert.That(read.Column("name", 0), Does.Not.Contain("daily_reports"),
            "remote mode changed D1 without --cloudflare-apply-migrations");
        Assert.That(read.Sets[1], Is.Empty, "remote mode recorded a migration without --cloudflare-apply-migrations");
        Assert.That(_devServer.IsAlive, Is.True, "remote mode must leave the deployed Worker alone");
    }

    [Test, Order(2)]
    public async Task Allowed_to_apply_it_the_gate_migrates_and_proves_all_four_items()
    {
        var result = await RemoteCheckAsync("--cloudflare-apply-migrations");
        var output = result.StandardOutput + result.StandardError;
        Assert.That(result.ExitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Applying 1 pending migration(s)").And.Contain("0001_init.sql"));

        var items = SandboxBuildRoot.CloudflareItems(_root.RunDirOf(result));
        Assert.That(items, Has.Count.EqualTo(4));
        Assert.That(items.Values.Select(i => (i.Id, i.Status)),
            Has.All.Matches<(string, ItemStatus)>(i => i.Item2 == ItemStatus.Pass),
            string.Join("\n", items.Values.Select(i => $"{i.Id}: {i.Status} {i.Reason}")));
        var reports = await _wrangler.QueryAsync(D1Location.Local(State), "SELECT date FROM daily_reports");
        Assert.That(reports.Column("date"),
            Does.Contain(ReportKeys.At(DateTimeOffset.UtcNow).Date)
                .Or.Contain(ReportKeys.At(DateTimeOffset.UtcNow.AddMinutes(-5)).Date));
    }
}
