using Cloudflare;
using Engine;

/// <summary>Checklist section "Cloudflare integration".</summary>
interface ICloudflareVerify : IHazVvtvWorkspace
{
    [Parameter("Where the Worker is checked: local (wrangler dev on workerd with a local D1; default on the sandbox) " +
               "or remote (the deployed Worker and production D1; default on a real workspace)")]
    WorkerMode? CloudflareMode => this.TryGetValue<WorkerMode?>(() => CloudflareMode);

    [Parameter("Remote mode: apply pending D1 migrations to production (otherwise production is never changed and a " +
               "pending migration fails the gate)")]
    bool CloudflareApplyMigrations => this.TryGetValue<bool?>(() => CloudflareApplyMigrations) ?? false;

    [Parameter("Remote mode: the deployed Worker's base URL, no trailing slash. Default: VVTV_CLOUDFLARE_BASE_URL")]
    string? CloudflareBaseUrl => this.TryGetValue(() => CloudflareBaseUrl);

    [Parameter("Remote mode: Cloudflare API token for wrangler d1 --remote (CLOUDFLARE_API_TOKEN)"), Secret]
    string? CloudflareApiToken => this.TryGetValue(() => CloudflareApiToken);

    [Parameter("wrangler version installed for a Worker that has no package-lock.json. Default: the sandbox Worker's " +
               "pinned version")]
    string? CloudflareWranglerVersion => this.TryGetValue(() => CloudflareWranglerVersion);

    [Parameter("A local wrangler state folder (--persist-to) for D1. In remote mode it replaces --remote, to " +
               "rehearse the remote checks against a local Worker")]
    string? CloudflareD1State => this.TryGetValue(() => CloudflareD1State);

    Target CloudflareVerify => _ => _
        .Description("Cloudflare integration: D1 migration applied, Worker deployed, sync variables set, latest " +
                     "reports served")
        .DependsOn<IPromote>(x => x.Promote)
        .OnlyWhenDynamic(() => !AdoptsImportedPass(nameof(CloudflareVerify)))
        .Executes(ct => GateRun.ProveSectionAsync(Run, nameof(CloudflareVerify), ct,
            gate => new CloudflareGate(gate, WorkerOptions)));

    WorkerOptions WorkerOptions => new()
    {
        Mode = CloudflareMode ?? (Run.Profile.CloudflareLocal ? WorkerMode.Local : WorkerMode.Remote),
        OnCheckout = !Run.Profile.IsSandbox,
        WorkerDirectory = Run.Workspace / "cloudflare" / "worker",
        PackageCache = SandboxDirectory / ".artifacts" / "worker-node_modules",
        WranglerVersion = CloudflareWranglerVersion is { Length: > 0 } version
            ? version
            : WorkerPackages.PinnedWranglerVersion(
                SandboxDirectory / "workspace" / "cloudflare" / "worker" / "package.json"),
        BaseUrl = CloudflareBaseUrl ?? Variable(SyncVariables.BaseUrlVariable),
        SyncToken = Variable(SyncVariables.TokenVariable),
        SyncSecret = Variable(SyncVariables.SecretVariable),
        ApiToken = CloudflareApiToken,
        ApplyMigrations = CloudflareApplyMigrations,
        D1State = CloudflareD1State is { } state
            ? Path.GetFullPath(BuildAssert.NotNull(string.IsNullOrWhiteSpace(state) ? null : state,
                "--cloudflare-d1-state is empty: give the wrangler state folder (--persist-to) to read D1 from"))
            : null,
    };

    // What the operator set explicitly wins over what the run generated (a sandbox run makes up its own sync
    // credentials).
    private string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : Run.Environment.GetValueOrDefault(name);
}
