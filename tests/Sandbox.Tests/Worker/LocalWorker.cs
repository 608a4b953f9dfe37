using System.Text.Json;
using Cloudflare;
using Engine;
using Vvtv;

namespace Sandbox.Tests.Worker;

/// <summary>
/// A copy of the sandbox Worker in a temp folder, with its local D1 migrated and <c>wrangler dev</c> running on a free
/// loopback port in its own process group. Packages, wrangler and the dev server come from the build's own Cloudflare
/// layer, so the tests install and run the Worker exactly as CloudflareVerify does.
/// </summary>
public sealed class LocalWorker : IAsyncDisposable
{
    private readonly AbsolutePath _directory;
    private readonly Wrangler _wrangler;
    private readonly D1Location _d1;
    private WranglerDevServer? _devServer;

    private LocalWorker(AbsolutePath directory, Wrangler wrangler)
    {
        _directory = directory;
        _wrangler = wrangler;
        _d1 = D1Location.Local(directory / "state");
    }

    /// <summary>The committed Worker folder the tests run.</summary>
    public static AbsolutePath WorkerSource => RepositoryRoot / "sandbox" / "workspace" / "cloudflare" / "worker";

    /// <summary>The npm install cache the build uses too (git-ignored).</summary>
    public static AbsolutePath PackageCache => RepositoryRoot / "sandbox" / ".artifacts" / "worker-node_modules";

    /// <summary>The loopback port wrangler dev listens on.</summary>
    public int Port => DevServer.Port;

    /// <summary>A client whose base address is the Worker.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Process group id of wrangler dev (setsid makes it equal to the process id).</summary>
    public int ProcessGroup { get; private set; }

    /// <summary>Everything wrangler dev printed so far, for failure messages.</summary>
    public string Output => DevServer.Output();

    /// <summary>The Worker's local wrangler state folder (<c>--persist-to</c>).</summary>
    public string StateDirectory => _d1.PersistTo!;

    private WranglerDevServer DevServer => _devServer
        ?? throw new InvalidOperationException("wrangler dev is not running");

    /// <summary>Copies the Worker, writes <c>.dev.vars</c> from <paramref name="devVars"/>, migrates D1 (unless told
    /// not to) and starts wrangler dev.</summary>
    public static async Task<LocalWorker> StartAsync(IReadOnlyDictionary<string, string> devVars, bool migrate = true,
        CancellationToken cancellationToken = default)
    {
        var directory = AbsolutePath.Create(Directory.CreateTempSubdirectory("vvtv-worker-").FullName);
        LocalWorker? worker = null;
        try
        {
            CopyWorker(WorkerSource, directory);
            var modules = await WorkerPackages.EnsureInstalledAsync(directory, PackageCache, ct: cancellationToken);
            await File.WriteAllLinesAsync(directory / ".dev.vars", devVars.Select(kv => $"{kv.Key}={kv.Value}"),
                cancellationToken);
            worker = new LocalWorker(directory, new Wrangler(directory, modules));
            if (migrate) await worker._wrangler.ApplyMigrationsAsync(worker._d1, ct: cancellationToken);
            worker._devServer = await WranglerDevServer.StartAsync(worker._wrangler, worker._d1, envFile: null,
                directory / "wrangler-dev.log", cancellationToken);
            worker.ProcessGroup = worker._devServer.ProcessGroup;
            worker.Http = new HttpClient { BaseAddress = new Uri(worker._devServer.BaseUrl),
                Timeout = TimeSpan.FromSeconds(30) };
            return worker;
        }
        catch
        {
            if (worker is not null) await worker.DisposeAsync();
            else directory.DeleteDirectory();
            throw;
        }
    }

    /// <summary>Runs a SELECT through <c>wrangler d1 execute --local --json</c> and returns the result rows.</summary>
    public async Task<List<Dictionary<string, JsonElement>>> QueryD1Async(string sql,
        CancellationToken cancellationToken = default) =>
        (await _wrangler.QueryAsync(_d1, sql, cancellationToken)).Rows.Select(row => row.ToDictionary()).ToList();

    /// <summary>True when some process of the wrangler dev group is still alive (zombies excluded).</summary>
    public bool ProcessGroupIsAlive() => ProcessGroup != 0 && ProcessGroups.IsAlive(ProcessGroup);

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_devServer is not null) await _devServer.DisposeAsync();
        try { _directory.DeleteDirectory(); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>True when nothing accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool NothingListensOn(int port) => !LoopbackPorts.IsListening(port);

    private static void CopyWorker(string source, string destination)
    {
        foreach (var file in new[] { "wrangler.toml", "package.json", "package-lock.json" })
            File.Copy(Path.Combine(source, file), Path.Combine(destination, file));
        foreach (var folder in new[] { "src", "migrations" })
        {
            var root = Path.Combine(source, folder);
            foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(destination, folder, Path.GetRelativePath(root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    private static AbsolutePath RepositoryRoot => AbsolutePath.Create(global::Tests.Shared.Repository.Root);
}
