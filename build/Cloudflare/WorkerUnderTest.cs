using System.Security.Cryptography;
using Checklist;
using Engine;
using Serilog;
using Vvtv;

namespace Cloudflare;

/// <summary>Where CloudflareVerify runs: a local Worker on workerd (wrangler dev, local D1) or the deployed production
/// Worker.</summary>
public enum WorkerMode
{
    Local,
    Remote,
}

/// <summary>What <see cref="WorkerUnderTest.OpenAsync"/> needs to reach the Worker.</summary>
public sealed record WorkerOptions
{
    public required WorkerMode Mode { get; init; }

    /// <summary>The workspace's Worker folder (cloudflare/worker).</summary>
    public required AbsolutePath WorkerDirectory { get; init; }

    /// <summary>Shared cache of npm installs.</summary>
    public required AbsolutePath PackageCache { get; init; }

    /// <summary>wrangler version installed for a Worker without a lockfile.</summary>
    public string? WranglerVersion { get; init; }

    /// <summary>Remote: the deployed Worker's base URL (the orchestrator's VVTV_CLOUDFLARE_BASE_URL).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The orchestrator's sync token and secret from the release environment; a local Worker gets them as its
    /// own
    /// CONTROL_TOKEN/CONTROL_SECRET, or fresh ones when the environment has none.</summary>
    public string? SyncToken { get; init; }

    public string? SyncSecret { get; init; }

    /// <summary>Remote: the Cloudflare API token wrangler uses for <c>--remote</c>.</summary>
    public string? ApiToken { get; init; }

    /// <summary>Remote: apply pending migrations to production instead of only reporting them.</summary>
    public bool ApplyMigrations { get; init; }

    /// <summary>True when the run drives a VVTV checkout: a local Worker there proves code, not a deployment.</summary>
    public bool OnCheckout { get; init; }

    /// <summary>A local wrangler state folder to use instead of the default (local) or instead of --remote (a rehearsal
    /// of the remote checks).</summary>
    public string? D1State { get; init; }
}

/// <summary>
/// The Worker a CloudflareVerify run checks, opened the same way for both modes so that the checks cannot tell them
/// apart.
/// Disposing stops wrangler dev (the whole process group), deletes the local secrets and unlinks the node_modules it
/// linked in.
/// </summary>
public sealed class WorkerUnderTest : IAsyncDisposable
{
    private readonly string? _privateDirectory;
    private string? _linkedModules;

    private WorkerUnderTest(WorkerMode mode, Wrangler wrangler, D1Location d1, SyncVariables sync,
        WranglerDevServer? devServer, string? privateDirectory)
    {
        Mode = mode;
        Wrangler = wrangler;
        D1 = d1;
        Sync = sync;
        DevServer = devServer;
        _privateDirectory = privateDirectory;
    }

    public WorkerMode Mode { get; }

    public Wrangler Wrangler { get; }

    public D1Location D1 { get; }

    /// <summary>The variables the orchestrator gets; their base URL is where the Worker answers.</summary>
    public SyncVariables Sync { get; }

    /// <summary>The local wrangler dev, in local mode.</summary>
    public WranglerDevServer? DevServer { get; }

    /// <summary>
    /// False for a local Worker on a checkout: what it shows is the build's own making, so no item may pass on it.
    /// </summary>
    public bool ProvesDeployment { get; private set; } = true;

    /// <summary>Production pushes must be https; the local Worker is plain http on loopback.</summary>
    public bool RequireHttps => Mode == WorkerMode.Remote;

    /// <summary>
    /// Local: installs the Worker's packages, writes fresh secrets outside the workspace, applies the migrations to the
    /// local D1 and
    /// starts wrangler dev on a free loopback port. Remote: installs wrangler and, only when asked, applies pending
    /// migrations to production.
    /// </summary>
    public static async Task<WorkerUnderTest> OpenAsync(WorkerOptions options, EvidenceStore evidence, string target,
        CancellationToken ct)
    {
        var evidenceDir = AbsolutePath.Create(evidence.EvidenceDir(target));
        var hadModules = (options.WorkerDirectory / "node_modules").Exists();
        var modules = await WorkerPackages.EnsureInstalledAsync(options.WorkerDirectory, options.PackageCache,
            options.WranglerVersion, evidenceDir / "npm-install.log", ct);
        // A link into the build's cache would show as an untracked file in a checkout (git ignores node_modules/ only
        // as a folder).
        var linked = hadModules ? null : modules.Value;
        try
        {
            var worker = options.Mode == WorkerMode.Local
                ? await OpenLocalAsync(options, modules, evidence, evidenceDir, ct)
                : await OpenRemoteAsync(options, modules, evidence, evidenceDir, ct);
            worker._linkedModules = linked;
            worker.ProvesDeployment = !(options.OnCheckout && options.Mode == WorkerMode.Local);
            return worker;
        }
        catch
        {
            Unlink(linked);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (DevServer is not null)
        {
            await DevServer.DisposeAsync();
            if (LoopbackPorts.IsListening(DevServer.Port))
                Log.Warning("Something still listens on 127.0.0.1:{Port} after wrangler dev was stopped",
                    DevServer.Port);
        }
        if (_privateDirectory is not null && Directory.Exists(_privateDirectory)) Directory.Delete(_privateDirectory,
            recursive: true);
        Unlink(_linkedModules);
    }

    private static void Unlink(string? link)
    {
        if (link is not null && new FileInfo(link).LinkTarget is not null) File.Delete(link);
    }

    private static async Task<WorkerUnderTest> OpenLocalAsync(WorkerOptions options, AbsolutePath modules,
        EvidenceStore evidence, AbsolutePath evidenceDir, CancellationToken ct)
    {
        var wrangler = new Wrangler(options.WorkerDirectory, modules);
        var d1 = D1Location.Local(options.D1State);
        // The release's own values, so the sync-variables check judges what the orchestrator really gets; fresh ones
        // otherwise.
        var token = options.SyncToken is { Length: > 0 } t ? t
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var secret = options.SyncSecret is { Length: > 0 } s ? s
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        SecretMasker.Global.Register(token);
        SecretMasker.Global.Register(secret);
        evidence.AddSecrets(token, secret);

        // Outside the workspace: a checkout's .dev.vars is not git-ignored (D-W6), and --env-file wins over it anyway.
        var privateDirectory = Directory.CreateTempSubdirectory("vvtv-cloudflare-").FullName;
        WranglerDevServer? devServer = null;
        try
        {
            var envFile = Path.Combine(privateDirectory, "worker-secrets.env");
            if (OperatingSystem.IsWindows())
                throw new PlatformNotSupportedException("local mode needs Linux or macOS " +
                    "(setsid process groups, workerd)");
            // Owner-only from the first byte.
            using (new FileStream(envFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite })) { }
            File.WriteAllLines(envFile, [$"CONTROL_TOKEN={token}", $"CONTROL_SECRET={secret}"]);

            await wrangler.ApplyMigrationsAsync(d1, evidenceDir / "wrangler-d1-migrations-apply.log", ct);
            devServer = await WranglerDevServer.StartAsync(wrangler, d1, envFile, evidenceDir / "wrangler-dev.log", ct);
            return new WorkerUnderTest(WorkerMode.Local, wrangler, d1,
                new SyncVariables(devServer.BaseUrl, token, secret), devServer, privateDirectory);
        }
        catch
        {
            if (devServer is not null) await devServer.DisposeAsync();
            Directory.Delete(privateDirectory, recursive: true);
            throw;
        }
    }

    private static async Task<WorkerUnderTest> OpenRemoteAsync(WorkerOptions options, AbsolutePath modules,
        EvidenceStore evidence, AbsolutePath evidenceDir, CancellationToken ct)
    {
        var d1 = options.D1State is { } state ? D1Location.Local(state) : D1Location.Remote;
        if (d1.IsRemote && string.IsNullOrEmpty(options.ApiToken))
            throw new TargetFailedException("remote mode reads production D1 with wrangler --remote, which needs the " +
                "Cloudflare API token: pass --cloudflare-api-token or set CLOUDFLARE_API_TOKEN");
        SecretMasker.Global.Register(options.ApiToken);
        SecretMasker.Global.Register(options.SyncToken);
        SecretMasker.Global.Register(options.SyncSecret);
        evidence.AddSecrets(options.ApiToken, options.SyncToken, options.SyncSecret);
        var wrangler = new Wrangler(options.WorkerDirectory, modules,
            options.ApiToken is { Length: > 0 } apiToken ? new Dictionary<string,
                string?> { ["CLOUDFLARE_API_TOKEN"] = apiToken } : null);

        // Production changes only when asked; otherwise a pending migration is reported by the checks.
        if (options.ApplyMigrations)
        {
            var pending = await wrangler.PendingMigrationsAsync(d1,
                evidenceDir / "wrangler-d1-migrations-list-before-apply.log", ct);
            if (pending.Count > 0)
            {
                Log.Warning("Applying {Count} pending migration(s) to the {D1:l}: {Names:l}", pending.Count,
                    d1.ToString(), string.Join(", ", pending));
                await wrangler.ApplyMigrationsAsync(d1, evidenceDir / "wrangler-d1-migrations-apply.log", ct);
            }
        }
        return new WorkerUnderTest(WorkerMode.Remote, wrangler, d1,
            new SyncVariables(options.BaseUrl, options.SyncToken, options.SyncSecret), null, null);
    }
}
