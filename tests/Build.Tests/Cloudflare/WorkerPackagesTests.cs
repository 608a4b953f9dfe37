using System.Text.Json;
using Cloudflare;
using Engine;
using Tests.Shared;

namespace Build.Tests.Cloudflare;

/// <summary>The Worker's npm packages: reused when present, installed once per lockfile into the shared cache, pinned
/// without a lockfile.</summary>
[TestFixture]
[NonParallelizable]
public sealed class WorkerPackagesTests
{
    /// <summary>Like VVTV's own Worker: no lockfile, and a caret range that today resolves to a wrangler needing a
    /// newer Node.</summary>
    public const string UpstreamPackageJson = """{ "name": "vvtv-control-worker", "private": true, "devDependencies": { "wrangler": "^4.33.0" } }""";

    private static readonly AbsolutePath Sandbox = AbsolutePath.Create(Repository.PathOf("sandbox"));
    private static readonly AbsolutePath Cache = Sandbox / ".artifacts" / "worker-node_modules";
    private AbsolutePath _dir;

    [SetUp]
    public void CreateWorkerFolder() =>
        _dir = AbsolutePath.Create(Directory.CreateTempSubdirectory("vvtv-worker-packages-").FullName);

    [TearDown]
    public void RemoveWorkerFolder() => _dir.DeleteDirectory();

    [Test]
    public async Task A_locked_worker_gets_the_cached_npm_ci_install_linked_in()
    {
        File.Copy(Sandbox / "workspace" / "cloudflare" / "worker" / "package.json", _dir / "package.json");
        File.Copy(Sandbox / "workspace" / "cloudflare" / "worker" / "package-lock.json", _dir / "package-lock.json");

        var modules = await WorkerPackages.EnsureInstalledAsync(_dir, Cache);

        Assert.That(modules, Is.EqualTo(_dir / "node_modules"));
        var target = new DirectoryInfo(modules).LinkTarget;
        Assert.That(target, Does.StartWith(Cache.Value + "/"), "node_modules links into the shared cache");
        Assert.That(WranglerVersionIn(modules),
            Is.EqualTo(WorkerPackages.PinnedWranglerVersion(_dir / "package.json")));
        Assert.That(await WorkerPackages.EnsureInstalledAsync(_dir, Cache), Is.EqualTo(modules),
            "a second call reuses the link");
    }

    [Test]
    public async Task A_worker_without_lockfile_gets_the_pinned_wrangler_not_the_newest_its_range_allows()
    {
        File.WriteAllText(_dir / "package.json", UpstreamPackageJson);
        var pinned = WorkerPackages.PinnedWranglerVersion(Sandbox / "workspace" / "cloudflare" / "worker" / "package.json");

        var modules = await WorkerPackages.EnsureInstalledAsync(_dir, Cache, pinned);

        Assert.That(WranglerVersionIn(modules), Is.EqualTo(pinned));
        Assert.That(File.Exists(_dir / "package-lock.json"), Is.False,
            "the workspace's folder is not changed beyond the node_modules link");
    }

    [Test]
    public async Task A_worker_with_its_own_wrangler_keeps_it()
    {
        File.WriteAllText(_dir / "package.json", "{}");
        Directory.CreateDirectory(_dir / "node_modules" / "wrangler" / "bin");
        File.WriteAllText(_dir / "node_modules" / "wrangler" / "bin" / "wrangler.js", "");

        Assert.That(await WorkerPackages.EnsureInstalledAsync(_dir, Cache), Is.EqualTo(_dir / "node_modules"));
        Assert.That(new DirectoryInfo(_dir / "node_modules").LinkTarget, Is.Null);
    }

    [Test]
    public void A_half_installed_node_modules_is_named_instead_of_overwritten()
    {
        File.WriteAllText(_dir / "package.json", "{}");
        Directory.CreateDirectory(_dir / "node_modules" / "left-pad");
        var error = Assert.ThrowsAsync<InvalidOperationException>(() =>
            WorkerPackages.EnsureInstalledAsync(_dir, Cache));
        Assert.That(error!.Message, Does.Contain((_dir / "node_modules").Value).And.Contain("holds no wrangler"));
    }

    [Test]
    public void A_folder_without_package_json_is_named()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() =>
            WorkerPackages.EnsureInstalledAsync(_dir, Cache));
        Assert.That(error!.Message, Does.Contain((_dir / "package.json").Value).And.Contain("does not exist"));
    }

    private static string WranglerVersionIn(string modules)
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(modules, "wrangler", "package.json")));
        return package.RootElement.GetProperty("version").GetString()!;
    }
}
